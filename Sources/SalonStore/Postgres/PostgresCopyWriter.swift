/// Writes rows for `COPY … FROM STDIN` (text format) into a buffer sent in 1 MiB pieces.
///
/// Text format: columns separated by tab, rows ended by newline, NULL as `\N`; a backslash, tab,
/// newline or carriage return inside a value is written as `\\`, `\t`, `\n`, `\r`. Values are
/// UTF-8 bytes as they are; PostgreSQL text cannot hold NUL, which the readers never produce.
public struct PostgresCopyWriter {
    let connection: PostgresConnection
    let sql: String
    var buffer: [UInt8] = []
    var atRowStart = true

    static let flushSize = 1 << 20

    init(connection: PostgresConnection, sql: String) {
        self.connection = connection
        self.sql = sql
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    /// Appends one value (nil: NULL) to the current row.
    public mutating func field(_ text: String?) {
        guard var text else { return nullField() }
        text.withUTF8 { field(bytes: $0) }
    }

    /// Appends one value given as UTF-8 bytes to the current row.
    public mutating func field(bytes: UnsafeBufferPointer<UInt8>) {
        separate()
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "\t"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
            case UInt8(ascii: "\n"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
            default: buffer.append(byte)
            }
        }
    }

    /// Appends NULL to the current row.
    public mutating func nullField() {
        separate()
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "N"))
    }

    /// Ends the current row; sends the buffer when it is full.
    public mutating func endRow() throws {
        buffer.append(UInt8(ascii: "\n"))
        atRowStart = true
        if buffer.count >= Self.flushSize { try flush() }
    }

    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try connection.putCopyData(buffer, sql: sql)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func separate() {
        if !atRowStart { buffer.append(UInt8(ascii: "\t")) }
        atRowStart = false
    }
}
