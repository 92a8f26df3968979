#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Re-reads rows of one table of a SQL dump for the validators' sample re-check, in one forward
/// pass and independently of `SQLDumpRecordReader`: a plain byte walk that knows comments, quoted
/// strings and identifiers, `CREATE TABLE` column names and `INSERT … VALUES (…),(…);` tuples,
/// and nothing else. Only the requested rows are kept.
public enum SQLDumpRowLocator {
    /// The table's column names and the values of the requested rows (1-based row numbers within
    /// the table, as in the reader's `Provenance.line`), ordered as the columns. NULL is "".
    /// Rows the dump does not have are missing from the result.
    /// - Throws: `SalonError(.io)` if the file cannot be opened, `.decoding` if it cannot be decoded.
    public static func readRows(path: String, table: String, rows wanted: Set<Int>, encoding: TextEncoding? = nil) throws
        -> (columns: [String], rows: [Int: [String]])
    {
        let file = try CSVInputFile.open(path)
        defer { fclose(file) }
        let detection = CSVInputFile.settleEncoding(file, given: encoding)
        var input = try Input(stream: CSVRecordLocator.DecodedStream(file: file, decoder: TextDecoder(encoding: detection.encoding)))
        var columns: [String] = []
        var found: [Int: [String]] = [:]
        var rowCount = 0
        let last = wanted.max() ?? 0
        while rowCount < last, let word = try nextWord(&input) {
            if word.isEmpty { continue }  // a lone ; or other punctuation between statements
            switch word.uppercased() {
            case "CREATE":
                guard try nextWord(&input)?.uppercased() == "TABLE" else { break }
                var name = try nextWord(&input)
                if name?.uppercased() == "IF" {  // IF NOT EXISTS
                    _ = try nextWord(&input)
                    _ = try nextWord(&input)
                    name = try nextWord(&input)
                }
                if name == table { columns = try tableColumns(&input) }
            case "INSERT", "REPLACE":
                var name = try nextWord(&input)
                while let keyword = name?.uppercased(), ["INTO", "IGNORE", "LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY"].contains(keyword) {
                    name = try nextWord(&input)
                }
                guard name == table else { break }
                var listed: [String]?
                if try skipSpace(&input) == 0x28 {  // ( column list )
                    listed = try tuple(&input).map(\.text)
                }
                guard try nextWord(&input)?.uppercased() == "VALUES" else { break }
                if columns.isEmpty, let listed { columns = listed }
                let order = listed.map { names in columns.map { names.firstIndex(of: $0) } }
                while try skipSpace(&input) == 0x28 {
                    let values = try tuple(&input)
                    rowCount += 1
                    if wanted.contains(rowCount) {
                        let texts = values.map(\.text)
                        found[rowCount] = order.map { $0.map { $0.flatMap { $0 < texts.count ? texts[$0] : nil } ?? "" } }
                            ?? texts + Array(repeating: "", count: max(columns.count - texts.count, 0))
                    }
                    if try skipSpace(&input) == 0x2C { _ = try input.next() } else { break }
                }
            default: break
            }
            try skipStatement(&input)
        }
        return (columns, found)
    }

    /// Skips spaces and comments; returns the next byte without consuming it.
    static func skipSpace(_ input: inout Input) throws -> UInt8? {
        while let byte = try input.peek() {
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                _ = try input.next()
            } else if byte == 0x23 {  // # comment
                while let next = try input.next(), next != 0x0A {}
            } else if byte == 0x2D {  // -- comment
                _ = try input.next()
                guard try input.peek() == 0x2D else {
                    input.pushBack(0x2D)
                    return 0x2D
                }
                while let next = try input.next(), next != 0x0A {}
            } else if byte == 0x2F {  // /* comment */ (and /*!40101 … */ version comments)
                _ = try input.next()
                guard try input.peek() == 0x2A else {
                    input.pushBack(0x2F)
                    return 0x2F
                }
                _ = try input.next()
                var previous: UInt8 = 0
                while let next = try input.next(), !(previous == 0x2A && next == 0x2F) { previous = next }
            } else {
                return byte
            }
        }
        return nil
    }

    /// A keyword or an identifier (backquotes removed); nil at the end of the file.
    static func nextWord(_ input: inout Input) throws -> String? {
        guard let first = try skipSpace(&input) else { return nil }
        if first == 0x60 { return try quoted(&input, quote: 0x60) }
        var word: [UInt8] = []
        while let byte = try input.peek(), byte == 0x5F || byte == 0x24 || byte >= 0x80 || (0x30...0x39).contains(byte)
            || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        {
            word.append(byte)
            _ = try input.next()
        }
        if word.isEmpty { _ = try input.next() }  // punctuation: consumed so the caller moves on
        return String(decoding: word, as: UTF8.self)
    }

    /// A quoted string or identifier starting at its opening quote, unescaped: a doubled quote,
    /// and in strings MySQL's backslash escapes.
    static func quoted(_ input: inout Input, quote: UInt8) throws -> String {
        _ = try input.next()
        var text: [UInt8] = []
        while let byte = try input.next() {
            if byte == quote {
                guard try input.peek() == quote else { break }
                _ = try input.next()
                text.append(quote)
            } else if byte == 0x5C, quote != 0x60, let escaped = try input.next() {
                switch escaped {
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "0"): text.append(0x00)
                case UInt8(ascii: "Z"): text.append(0x1A)
                case UInt8(ascii: "b"): text.append(0x08)
                default: text.append(escaped)
                }
            } else {
                text.append(byte)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// One parenthesized list starting at `(`: each item's text (strings unquoted, NULL empty,
    /// anything else as written) and whether it was NULL.
    static func tuple(_ input: inout Input) throws -> [(text: String, isNull: Bool)] {
        _ = try input.next()
        var values: [(text: String, isNull: Bool)] = []
        var raw: [UInt8] = []
        var string: String?
        func finish() {
            let word = String(decoding: raw, as: UTF8.self)
            if let string {
                values.append((string, false))
            } else {
                values.append(word.uppercased() == "NULL" ? ("", true) : (word, false))
            }
            raw.removeAll()
            string = nil
        }
        while let byte = try skipSpace(&input) {
            switch byte {
            case 0x27, 0x22, 0x60:
                string = try quoted(&input, quote: byte)
                raw.removeAll()  // a _utf8mb4 or _binary introducer before the string
            case 0x2C:
                _ = try input.next()
                finish()
            case 0x29:
                _ = try input.next()
                finish()
                return values
            default:
                _ = try input.next()
                raw.append(byte)
            }
        }
        finish()
        return values
    }

    /// Skips to the end of the statement: past the next `;` outside quotes and comments.
    static func skipStatement(_ input: inout Input) throws {
        while let byte = try skipSpace(&input) {
            if byte == 0x27 || byte == 0x22 || byte == 0x60 {
                _ = try quoted(&input, quote: byte)
                continue
            }
            _ = try input.next()
            if byte == 0x3B { return }
        }
    }

    /// The column names of a `CREATE TABLE` body: each definition that starts with an identifier.
    static func tableColumns(_ input: inout Input) throws -> [String] {
        guard try skipSpace(&input) == 0x28 else { return [] }
        _ = try input.next()
        var columns: [String] = []
        var depth = 1
        var atItemStart = true
        while depth > 0, let byte = try skipSpace(&input) {
            if atItemStart {
                atItemStart = false
                if byte == 0x60 || byte == 0x22 {
                    columns.append(try quoted(&input, quote: byte))
                    continue
                }
            }
            switch byte {
            case 0x27:
                _ = try quoted(&input, quote: byte)
                continue
            case 0x28: depth += 1
            case 0x29: depth -= 1
            case 0x2C where depth == 1: atItemStart = true
            default: break
            }
            _ = try input.next()
        }
        return columns
    }

    /// The decoded bytes with room to put one byte back: `-` and `/` need two bytes of look-ahead
    /// to tell a comment from a minus sign or a division.
    struct Input {
        var stream: CSVRecordLocator.DecodedStream
        var pushed: UInt8?

        mutating func peek() throws -> UInt8? {
            if let pushed { return pushed }
            return try stream.peek()
        }

        mutating func next() throws -> UInt8? {
            if let byte = pushed {
                pushed = nil
                return byte
            }
            return try stream.next()
        }

        mutating func pushBack(_ byte: UInt8) { pushed = byte }
    }
}
