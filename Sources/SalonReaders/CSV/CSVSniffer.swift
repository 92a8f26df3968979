/// Determines a file's layout (encoding, delimiter, header) for `inspect` without reading further
/// than the bounded prefix the reader looks at.
public enum CSVSniffer {
    /// - Throws: as `CSVRecordReader.init(path:options:)`.
    public static func sniff(path: String, options: CSVReadOptions) throws -> CSVLayout {
        try CSVRecordReader(path: path, options: options).layout
    }
}
