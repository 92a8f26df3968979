/// A reason code such as `phone.invalid` or `csv.undecodable_bytes`: a struct over a string so
/// modules can add codes without a central enum.
public struct ReasonCode: Sendable, Hashable, Codable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (lhs: ReasonCode, rhs: ReasonCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The pipeline stage that produced a reject or warning.
public enum Stage: String, Sendable, Codable {
    case read, normalize, resolve, validate, load
}

/// A record, or one field of it, that did not make it through a stage. Nothing is dropped without
/// one: every reject names its reason, its location and the original text.
public struct Reject: Sendable, Codable {
    public var code: ReasonCode
    public var message: String
    public var stage: Stage
    public var provenance: Provenance
    /// The column (source header) the problem is in, when it is one field.
    public var column: String?
    /// The original text: the whole record for a record reject, the cell for a field reject.
    public var originalText: String
    /// Whether the record itself was rejected (true) or only one of its fields (false).
    public var wholeRecord: Bool

    public init(
        code: ReasonCode, message: String, stage: Stage, provenance: Provenance,
        column: String? = nil, originalText: String, wholeRecord: Bool = true
    ) {
        self.code = code
        self.message = message
        self.stage = stage
        self.provenance = provenance
        self.column = column
        self.originalText = originalText
        self.wholeRecord = wholeRecord
    }
}

/// A problem that loses no data but should be seen, e.g. a short row padded with empty cells.
public struct Warning: Sendable, Codable {
    public var code: ReasonCode
    public var message: String
    public var provenance: Provenance

    public init(code: ReasonCode, message: String, provenance: Provenance) {
        self.code = code
        self.message = message
        self.provenance = provenance
    }
}

/// A problem with one field's text, returned by the pure normalizers; the runner turns it into a
/// field reject with the record's provenance.
public struct FieldIssue: Sendable, Hashable, Error {
    public var code: ReasonCode
    public var message: String
    /// The text that could not be used.
    public var text: String

    public init(code: ReasonCode, message: String, text: String) {
        self.code = code
        self.message = message
        self.text = text
    }
}
