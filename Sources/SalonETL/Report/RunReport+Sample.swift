import SalonCore
import SalonValidation

extension RunReport {
    /// The sample re-check as the report shows it: counts, every mismatch with both sides masked,
    /// and where the sign-off sheet is.
    public struct SampleSummary: Sendable, Codable {
        public struct Mismatch: Sendable, Codable {
            public var store: String
            public var file: String
            public var recordKey: String
            /// The customer the record maps to (key masked).
            public var customer: String
            public var field: String
            public var source: String
            public var staged: String
            public var note: String?
        }

        public var fraction: Double
        public var seed: UInt64
        public var sampled: Int
        public var checked: Int
        public var mismatched: Int
        public var notChecked: [String: Int]
        /// Up to 200 mismatching fields.
        public var mismatches: [Mismatch]
        public var signoffCSV: String?
        public var signoffHTML: String?

        init(_ result: SampleRecheckResult, signoff: (csv: String, html: String)?) {
            fraction = result.spec.fraction
            seed = result.spec.seed
            sampled = result.sampled
            checked = result.checked
            mismatched = result.mismatched
            notChecked = result.notCheckedByReason
            mismatches = Array(result.mismatchedRecords.lazy.flatMap { record in
                record.fields.lazy.filter { $0.status == .mismatch }.map { field in
                    Mismatch(
                        store: record.record.key.store, file: record.record.key.file, recordKey: record.record.key.recordKey,
                        customer: SignoffSheet.maskedCustomer(record.record.customerKey), field: field.field,
                        source: PIIMask.text(field.source), staged: PIIMask.text(field.staged), note: field.note.map(PIIMask.text))
                }
            }.prefix(200))
            signoffCSV = signoff?.csv
            signoffHTML = signoff?.html
        }
    }
}
