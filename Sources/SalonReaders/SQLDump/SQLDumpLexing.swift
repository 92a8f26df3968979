/// Byte classes and small scans shared by the SQL dump statement parser and CREATE TABLE parser.
enum SQLDumpLexing {
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "$") || byte >= 0x80
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C
    }

    /// The index after the quoted text opening at `start` (a `'`, `"` or backquote): a doubled
    /// quote stays inside, and in `'` and `"` strings a backslash escapes the next byte.
    static func endOfQuoted(_ bytes: [UInt8], from start: Int) -> Int {
        let quote = bytes[start]
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), quote != UInt8(ascii: "`") {
                index += 2
            } else if byte == quote {
                if index + 1 < bytes.count, bytes[index + 1] == quote {
                    index += 2
                } else {
                    return index + 1
                }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// The value of a backslash escape in a MySQL string. `\%` and `\_` keep their backslash
    /// (MySQL does so, for LIKE patterns); any other escaped byte stands for itself.
    @inline(__always)
    static func unescape(_ byte: UInt8) -> (UInt8, keepBackslash: Bool) {
        switch byte {
        case UInt8(ascii: "0"): (0x00, false)
        case UInt8(ascii: "n"): (0x0A, false)
        case UInt8(ascii: "r"): (0x0D, false)
        case UInt8(ascii: "t"): (0x09, false)
        case UInt8(ascii: "b"): (0x08, false)
        case UInt8(ascii: "Z"): (0x1A, false)
        case UInt8(ascii: "%"), UInt8(ascii: "_"): (byte, true)
        default: (byte, false)
        }
    }
}
