/// Severities and thresholds of the detectors, from `validate.anomalies` and `stores:`.
public struct AnomalySettings: Sendable, Equatable {
    public var severity: [AnomalyKind: AnomalySeverity] = [:]
    /// Detectors the pipeline switched off (`<detector>: off`).
    public var disabled: Set<AnomalyKind> = []
    /// `yyyy-MM-dd`: dates after it are in the future; ages are counted to it.
    public var asOf: String
    /// Store code → opening date `yyyy-MM-dd`.
    public var storeOpened: [String: String] = [:]
    /// Longest block of receipts that can be a keying slip rather than a real change of year.
    public var maxYearBlock = 500
    /// An amount is unusual when it is further than this many robust deviations from the median.
    public var outlierDeviations = 6.0
    /// Fewest lines of an item at a store before its amounts are judged.
    public var outlierMinimumLines = 8
    /// A month whose total is this many times the previous month's (or that fraction of it).
    public var jumpFactor = 3.0
    /// Months below this total (fen) are too small to call a jump.
    public var jumpMinimumFen: Int64 = 100_000
    public var youngestAge = 3
    public var oldestAge = 110

    public init(asOf: String) { self.asOf = asOf }

    public func severity(of kind: AnomalyKind) -> AnomalySeverity { severity[kind] ?? kind.defaultSeverity }
}
