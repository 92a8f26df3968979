/// A deliberately simple reading of an amount cell, independent of `MoneyNormalizer`.
///
/// Control totals compare the source as read with the staged result; if both sides used the same
/// parser, a parser bug would cancel out. This one knows only what a cashier export writes:
/// optional currency sign (¥ ￥ RMB), thousands commas, a sign, digits and up to two decimals
/// (more are rounded half up). Anything else is nil: the record adds to the count but not the sum.
public enum SimpleAmount {
    public static func fen(_ text: String) -> Int64? {
        var negative = false
        var units: Int64 = 0
        var decimals = 0
        var fraction: Int64 = 0
        var roundUp = false
        var seenDigit = false
        var inFraction = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                seenDigit = true
                let digit = Int64(byte - UInt8(ascii: "0"))
                if inFraction {
                    decimals += 1
                    if decimals <= 2 {
                        fraction = fraction * 10 + digit
                    } else if decimals == 3 {
                        roundUp = digit >= 5
                    }
                } else {
                    guard units < 100_000_000_000 else { return nil }
                    units = units * 10 + digit
                }
            case UInt8(ascii: "."):
                if inFraction { return nil }
                inFraction = true
            case UInt8(ascii: "-"):
                if seenDigit { return nil }
                negative = true
            case UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "+"), UInt8(ascii: "`"), UInt8(ascii: "\""),
                UInt8(ascii: "R"), UInt8(ascii: "M"), UInt8(ascii: "B"), 0xC2, 0xA5, 0xEF, 0xBF:
                // ¥ is C2 A5; ￥ is EF BF A5; RMB and backquoted WeChat cells.
                continue
            default:
                return nil
            }
        }
        guard seenDigit else { return nil }
        if decimals == 1 { fraction *= 10 }
        let fen = units * 100 + fraction + (roundUp ? 1 : 0)
        return negative ? -fen : fen
    }
}

/// The month of a date cell as `yyyy-MM`, read simply: the first four digits are the year and the
/// next group of one or two digits the month (2024-03-01, 2024/3/1 9:05, 2024年3月1日, 20240301).
public enum SimpleMonth {
    public static func month(_ text: String) -> String? {
        var digits: [UInt8] = []
        digits.reserveCapacity(6)
        var year: [UInt8] = []
        for byte in text.utf8 {
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            if year.isEmpty {
                if isDigit {
                    digits.append(byte)
                    if digits.count == 4 {
                        year = digits
                        digits.removeAll(keepingCapacity: true)
                    }
                } else if !digits.isEmpty {
                    return nil
                }
                continue
            }
            if isDigit {
                digits.append(byte)
                if digits.count == 2 { break }
            } else if !digits.isEmpty {
                break
            }
        }
        guard year.count == 4, !digits.isEmpty else { return nil }
        let month = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        guard (1...12).contains(month) else { return nil }
        return String(decoding: year, as: UTF8.self) + (month < 10 ? "-0\(month)" : "-\(month)")
    }
}
