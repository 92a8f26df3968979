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
    /// What the source file says, read again and parsed by the simple path.
    public var source: String
    /// What would be published.
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

    public var hasMismatch: Bool { fields.contains { $0.status == .mismatch } }
    public var notChecked: Int { fields.filter { $0.status == .notChecked }.count }
}
