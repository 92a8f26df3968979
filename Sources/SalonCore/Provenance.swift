/// Where a record came from. It follows every value into the database, so a loaded phone or note
/// can always be traced back to the file, row, sheet or message that carried it.
public struct Provenance: Sendable, Hashable, Codable {
    /// The pipeline's id of the source (`sources[].id`).
    public var sourceID: String
    /// The file path as the pipeline resolved it.
    public var file: String
    /// 1-based physical line (text formats) or row (spreadsheets) where the record starts.
    public var line: Int
    /// 1-based record number within the file's data (the header is not counted).
    public var recordIndex: Int
    /// Sheet name for workbook formats.
    public var sheet: String?
    /// Byte offset of the record's first byte in the file, where the reader can seek back to it.
    public var byteOffset: Int64?

    public init(
        sourceID: String, file: String, line: Int, recordIndex: Int,
        sheet: String? = nil, byteOffset: Int64? = nil
    ) {
        self.sourceID = sourceID
        self.file = file
        self.line = line
        self.recordIndex = recordIndex
        self.sheet = sheet
        self.byteOffset = byteOffset
    }

    /// A stable key for the record inside its file: `line 12`, or `Sheet1!12` for workbooks.
    public var recordKey: String {
        if let sheet { return "\(sheet)!\(line)" }
        return "line \(line)"
    }

    /// Human-readable location, e.g. `samples/SH01/客户.csv:12` or `book.xml[客户]:12`.
    public var location: String {
        if let sheet { return "\(file)[\(sheet)]:\(line)" }
        return "\(file):\(line)"
    }
}
