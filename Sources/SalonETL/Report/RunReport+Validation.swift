import SalonValidation

extension RunReport {
    /// The validators' part of the report: control totals with the records that explain every
    /// difference, the anomaly findings with their evidence, and the corrections applied.
    public struct ValidationSummary: Sendable, Codable, Equatable {
        public var asOf: String
        public var controlTotals: [ControlTotalsComparison]
        public var anomalies: [AnomalyFinding]
        /// Receipt lines whose year was corrected before publishing (`year_keyed_wrong.apply`).
        public var yearCorrections: [YearCorrectionLine]
    }

    public struct YearCorrectionLine: Sendable, Codable, Equatable {
        public var store: String
        public var receiptNumber: String
        public var soldAtBefore: String
        public var soldAtAfter: String
        public var location: String
    }
}
