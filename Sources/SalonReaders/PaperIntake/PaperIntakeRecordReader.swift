/// Reads a filled-in paper-intake template (see `PaperIntakeLayout`): a CSV read that skips the
/// template's instruction and example rows. Everything else, including provenance, is the CSV
/// reader's.
public final class PaperIntakeRecordReader: RecordReader {
    public let csv: CSVRecordReader
    public var layout: CSVLayout { csv.layout }
    public var bytesRead: Int64 { csv.bytesRead }
    /// Instruction and example rows skipped so far.
    public private(set) var templateRowsSkipped = 0

    /// Opens `path`. The template's header is its first row, so that is the default header row.
    public init(path: String, options: CSVReadOptions) throws {
        var options = options
        if options.headerRow == nil { options.headerRow = 1 }
        csv = try CSVRecordReader(path: path, options: options)
    }

    public func next() throws -> ReaderEvent? {
        while let event = try csv.next() {
            if case .record(let record) = event, let first = record.values.first, PaperIntakeLayout.isTemplateRow(firstCell: first) {
                templateRowsSkipped += 1
                continue
            }
            return event
        }
        return nil
    }
}
