/// How to read one CSV source; every nil means "detect it".
public struct CSVReadOptions: Sendable {
    /// The pipeline's id of the source, copied into every record's provenance.
    public var sourceID: String
    /// The file's encoding; nil detects it from the first 64 KiB.
    public var encoding: TextEncoding?
    /// The cell delimiter byte; nil takes Excel's `sep=` line or sniffs comma, tab, semicolon, pipe.
    public var delimiter: UInt8?
    /// 1-based row of the header among the rows after any `sep=` line (blank rows count); nil
    /// detects it, skipping title rows above it.
    public var headerRow: Int?

    public init(sourceID: String, encoding: TextEncoding? = nil, delimiter: UInt8? = nil, headerRow: Int? = nil) {
        self.sourceID = sourceID
        self.encoding = encoding
        self.delimiter = delimiter
        self.headerRow = headerRow
    }
}
