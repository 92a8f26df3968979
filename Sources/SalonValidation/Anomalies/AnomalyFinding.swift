/// Whether a finding stops publishing (`block`) or is only reported (`warn`); set per detector in
/// the pipeline (`validate.anomalies.<detector>.severity`).
public enum AnomalySeverity: String, Sendable, Codable, CaseIterable {
    case block, warn
}

/// The detectors, by the names pipelines and reports use.
public enum AnomalyKind: String, Sendable, Codable, CaseIterable {
    case yearKeyedWrong = "year_keyed_wrong"
    case futureDate = "future_date"
    case beforeOpening = "before_opening"
    case birthdayAge = "birthday_age"
    case duplicateReceipt = "duplicate_receipt"
    case refundWithoutOriginal = "refund_without_original"
    case amountOutlier = "amount_outlier"
    case monthJump = "month_jump"

    /// Wrong dates and receipts that are in twice change the books: those block unless the pipeline
    /// says otherwise; the rest are for a person to look at.
    public var defaultSeverity: AnomalySeverity {
        switch self {
        case .yearKeyedWrong, .futureDate: .block
        default: .warn
        }
    }
}

/// A proposed change of the year of a block of receipts, applied only when the pipeline says so
/// (`year_keyed_wrong.apply: true`) and then recorded with before and after.
public struct YearCorrection: Sendable, Codable, Equatable {
    public var store: String
    public var receiptNumbers: [String]
    public var fromYear: String
    public var toYear: String

    public init(store: String, receiptNumbers: [String], fromYear: String, toYear: String) {
        self.store = store
        self.receiptNumbers = receiptNumbers
        self.fromYear = fromYear
        self.toYear = toYear
    }
}

/// One thing a detector found, with the records that show it.
public struct AnomalyFinding: Sendable, Codable, Equatable {
    public var kind: AnomalyKind
    public var severity: AnomalySeverity
    public var store: String
    public var message: String
    /// Locations and values (`SH01_2019.csv line 12: R201900412 2022-03-14 ¥68.00`), never phones.
    public var evidence: [String]
    public var proposedCorrection: YearCorrection?
    /// Whether the correction was applied to the staged data before publishing.
    public var applied: Bool

    public init(
        kind: AnomalyKind, severity: AnomalySeverity = .warn, store: String, message: String, evidence: [String],
        proposedCorrection: YearCorrection? = nil, applied: Bool = false
    ) {
        self.kind = kind
        self.severity = severity
        self.store = store
        self.message = message
        self.evidence = evidence
        self.proposedCorrection = proposedCorrection
        self.applied = applied
    }
}
