/// Whether an Excel number format shows a date or time. An xlsx file stores dates as plain serial
/// numbers; only the cell's format says a birthday is a birthday.
enum XLSXNumberFormat {
    /// Built-in formats that are dates or times: 14–22 and 45–47 everywhere, and the East Asian
    /// ones (27–36, 50–58) that Chinese Excel uses for 年月日 dates.
    static func isBuiltInDate(_ id: Int) -> Bool {
        (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id)
    }

    /// A custom format is a date when a date or time token (y m d h s, or e for the era year) stands
    /// outside quoted text, [brackets] (colours, conditions, locales), escapes (\x) and the
    /// padding/repeat markers (_x, *x).
    static func isDateCode(_ code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var skipNext = false
        for byte in code.utf8 {
            if skipNext {
                skipNext = false
                continue
            }
            if inQuote {
                if byte == UInt8(ascii: "\"") { inQuote = false }
                continue
            }
            if inBracket {
                if byte == UInt8(ascii: "]") { inBracket = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inQuote = true
            case UInt8(ascii: "["): inBracket = true
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"): skipNext = true
            case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "m"), UInt8(ascii: "M"), UInt8(ascii: "d"),
                UInt8(ascii: "D"), UInt8(ascii: "h"), UInt8(ascii: "H"), UInt8(ascii: "s"), UInt8(ascii: "S"),
                UInt8(ascii: "e"):
                return true
            default: continue
            }
        }
        return false
    }
}
