/// What the reader decided about a file before streaming it; `inspect` prints it and the sample
/// re-check uses it to re-read single records.
public struct CSVLayout: Sendable {
    public var encoding: EncodingDetection
    public var delimiter: UInt8
    /// The file starts with Excel's `sep=X` line, which is not data.
    public var hasSepLine: Bool
    /// 1-based physical line of the header row; 0 when the file has no rows.
    public var headerLine: Int
    /// Column names: the header cells trimmed, empty ones named `column_N`, repeats suffixed `_2`.
    public var columns: [String]
    /// The header cells exactly as they stand in the file.
    public var headerCells: [String]
    /// A few data rows after the header, padded or cut to the column count, for `inspect`.
    public var sampleRows: [[String]]

    public init(
        encoding: EncodingDetection, delimiter: UInt8, hasSepLine: Bool, headerLine: Int, columns: [String],
        headerCells: [String], sampleRows: [[String]]
    ) {
        self.encoding = encoding
        self.delimiter = delimiter
        self.hasSepLine = hasSepLine
        self.headerLine = headerLine
        self.columns = columns
        self.headerCells = headerCells
        self.sampleRows = sampleRows
    }
}
