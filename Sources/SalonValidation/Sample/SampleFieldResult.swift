/// One field of one sampled record, compared: both sides are masked (phones as 138****8000).
public struct SampleFieldResult: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case match
        case mismatch
        /// The simple path could not decide, or another record of the customer supplies the value.
        case notChecked = "not_checked"
    }

    public var field: String
    public var status: Status
    /// What the source file says, read again and parsed by the simple path (empty for a match:
    /// masking both sides of every matching field would cost more than the re-check itself).
    public var source: String
    /// What would be published (empty for a match).
    public var staged: String
    /// Why a field was not checked, or what the difference is.
    public var note: String?

    public init(field: String, status: Status, source: String, staged: String, note: String? = nil) {
        self.field = field
        self.status = status
        self.source = source
        self.staged = staged
        self.note = note
    }
}

/// A sampled record after comparison.
public struct SampleRecordResult: Sendable {
    public var record: SampleRecord
    public var fields: [SampleFieldResult]

    public init(record: SampleRecord, fields: [SampleFieldResult]) {
        self.record = record
        self.fields = fields
    }

    public var hasMismatch: Bool { fields.contains { $0.status == .mismatch } }
    public var notChecked: Int {
        var count = 0
        for field in fields where field.status == .notChecked { count += 1 }
        return count
    }
}
