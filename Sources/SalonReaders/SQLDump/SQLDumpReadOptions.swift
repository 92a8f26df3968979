/// How to read one MySQL dump source.
public struct SQLDumpReadOptions: Sendable {
    /// The pipeline's id of the source, copied into every record's provenance.
    public var sourceID: String
    /// Tables whose rows become records; nil reads every table. Other tables' INSERTs are skipped
    /// without parsing their values (their CREATE TABLE columns are still collected).
    public var tables: [String]?
    /// The dump's encoding. nil means UTF-8 (mysqldump's default, utf8mb4), read as raw bytes so
    /// `_binary` values survive; a dump written with `--default-character-set=gbk` needs gb18030.
    public var encoding: TextEncoding?

    public init(sourceID: String, tables: [String]? = nil, encoding: TextEncoding? = nil) {
        self.sourceID = sourceID
        self.tables = tables
        self.encoding = encoding
    }
}
