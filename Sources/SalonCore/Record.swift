/// The column names a reader found, shared by every record of one file so records stay small.
public final class RecordSchema: Sendable {
    public let columns: [String]
    private let positions: [String: Int]

    public init(columns: [String]) {
        self.columns = columns
        var positions: [String: Int] = [:]
        for (index, name) in columns.enumerated() where positions[name] == nil {
            positions[name] = index
        }
        self.positions = positions
    }

    /// Position of the first column with this exact name.
    public func index(of column: String) -> Int? { positions[column] }
}

/// The raw fields of one source record, as text, plus where it came from.
public struct Record: Sendable {
    public let schema: RecordSchema
    /// Cell texts in schema order; a short row is padded with empty strings by the reader.
    public var values: [String]
    public var provenance: Provenance
    /// The record as it stood in the source (decoded), kept for rejects and the sample re-check.
    public var originalText: String

    public init(schema: RecordSchema, values: [String], provenance: Provenance, originalText: String) {
        self.schema = schema
        self.values = values
        self.provenance = provenance
        self.originalText = originalText
    }

    public subscript(column: String) -> String? {
        guard let index = schema.index(of: column), index < values.count else { return nil }
        return values[index]
    }
}

/// What a reader yields: a record, or a piece of input it could not turn into one.
public enum ReaderEvent: Sendable {
    case record(Record)
    case reject(Reject)
    /// Something worth reporting that loses no data (e.g. a short row padded with empty cells).
    case warning(Warning)
}

/// A streaming reader: yields one event at a time and never holds a whole file.
public protocol RecordReader {
    /// The next event, or nil at the end of input. Throws only when the source as a whole cannot
    /// be read (missing file, I/O error); bad records come back as `.reject`.
    mutating func next() throws -> ReaderEvent?
}
