/// Column names from one `CREATE TABLE` statement, as mysqldump writes it: one definition per
/// line, backquoted identifiers, index and constraint lines mixed in. Types, defaults and
/// comments are skipped (a COMMENT may hold commas and parentheses, so skipping is quote-aware).
enum SQLDumpCreateTable {
    /// Definitions that are not columns.
    private static let nonColumnKeywords: Set<String> = [
        "PRIMARY", "KEY", "INDEX", "UNIQUE", "CONSTRAINT", "FULLTEXT", "SPATIAL", "FOREIGN", "CHECK", "PERIOD",
    ]

    /// - Parameter statement: the statement from `CREATE` up to (not including) its `;`.
    /// - Returns: the table name (unqualified) and its columns in order, or nil when the text is
    ///   not a CREATE TABLE with a definition list (e.g. `CREATE TABLE t LIKE u`).
    static func parse(_ statement: [UInt8]) -> (table: String, columns: [String])? {
        var cursor = Cursor(bytes: statement)
        guard cursor.word()?.uppercased() == "CREATE" else { return nil }
        var word = cursor.word()?.uppercased()
        if word == "TEMPORARY" { word = cursor.word()?.uppercased() }
        guard word == "TABLE" else { return nil }
        var name = cursor.identifier()
        if name?.uppercased() == "IF" {
            _ = cursor.word()
            _ = cursor.word()
            name = cursor.identifier()
        }
        cursor.skipSpaces()
        while cursor.peek() == UInt8(ascii: ".") {
            cursor.index += 1
            name = cursor.identifier()
            cursor.skipSpaces()
        }
        guard let table = name, cursor.peek() == UInt8(ascii: "(") else { return nil }
        cursor.index += 1
        var columns: [String] = []
        while true {
            cursor.skipSpaces()
            guard let first = cursor.peek() else { break }
            if first == UInt8(ascii: ")") { break }
            let quoted = first == UInt8(ascii: "`") || first == UInt8(ascii: "\"")
            if let identifier = cursor.identifier(), quoted || !nonColumnKeywords.contains(identifier.uppercased()) {
                columns.append(identifier)
            }
            guard cursor.skipDefinition() else { break }
        }
        return (table, columns)
    }

    private struct Cursor {
        var bytes: [UInt8]
        var index = 0

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpaces() {
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    index += 1
                } else if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                    index += 2
                    while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                    index = min(index + 2, bytes.count)
                } else {
                    return
                }
            }
        }

        /// A bare word of letters, digits, `_` and `$`.
        mutating func word() -> String? {
            skipSpaces()
            let start = index
            while index < bytes.count, SQLDumpLexing.isWordByte(bytes[index]) { index += 1 }
            return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
        }

        /// A backquoted (or ANSI double-quoted) identifier with doubled quotes inside, or a word.
        mutating func identifier() -> String? {
            skipSpaces()
            guard let quote = peek(), quote == UInt8(ascii: "`") || quote == UInt8(ascii: "\"") else { return word() }
            index += 1
            var name: [UInt8] = []
            while index < bytes.count {
                if bytes[index] == quote {
                    if index + 1 < bytes.count, bytes[index + 1] == quote {
                        name.append(quote)
                        index += 2
                        continue
                    }
                    index += 1
                    break
                }
                name.append(bytes[index])
                index += 1
            }
            return String(decoding: name, as: UTF8.self)
        }

        /// Moves past the current definition's `,`; false at the list's closing `)` or the end.
        mutating func skipDefinition() -> Bool {
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"):
                    index = SQLDumpLexing.endOfQuoted(bytes, from: index)
                    continue
                case UInt8(ascii: "("): depth += 1
                case UInt8(ascii: ")"):
                    if depth == 0 { return false }
                    depth -= 1
                case UInt8(ascii: ","):
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default: break
                }
                index += 1
            }
            return false
        }
    }
}
