import SalonValidation

/// `validate.control_totals`, `validate.as_of` and `validate.anomalies` of a pipeline file.
public struct ValidationChecksSpec: Sendable, Equatable {
    /// Largest unexplained difference in fen a store-month may show (`control_totals.tolerance_fen`).
    public var toleranceFen: Int64 = 0
    /// `yyyy-MM-dd`; nil = the day the run starts (Asia/Shanghai).
    public var asOf: String?
    /// Severities, switched-off detectors and thresholds; `asOf` is filled in by the run.
    public var anomalies = AnomalySettings(asOf: "")
    /// `anomalies.year_keyed_wrong.apply`: correct the staged receipts' year before publishing.
    public var applyYearCorrections = false

    public init() {}
}
