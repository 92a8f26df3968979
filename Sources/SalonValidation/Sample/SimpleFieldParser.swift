/// The re-check's own reading of source cells: deliberately simple and sharing no code with the
/// production normalizers, so a normalizer bug shows up as a difference instead of repeating
/// itself. What it cannot decide it says so (`.undecided`), and the caller counts it as not checked.
public enum SimpleFieldParser {
    public enum Outcome<Value: Equatable & Sendable>: Equatable, Sendable {
        case blank
        case value(Value)
        /// The simple path is sure the text is not a valid value.
        case invalid
        /// The simple path cannot tell (lunar dates, scientific notation, …); the reason says why.
        case undecided(String)
    }

    /// One phone-like piece of a phone cell.
    public enum PhonePart: Equatable, Sendable {
        /// A mainland mobile number: 11 digits starting 13–19.
        case mobile(String)
        /// Digits that are not a mainland mobile (landline, another region, broken).
        case other(String)
        case undecided(String)
    }

    /// Full-width ASCII to ASCII, the ideographic space to a space.
    static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" || scalar == "\u{3000}"
    }

    /// The text without surrounding spaces, tabs, line breaks and ideographic spaces.
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...scalars.lastIndex(where: { !isSpace($0) })!])
    }

    /// Empty, or one of the placeholders staff type into an empty cell.
    public static func isBlank(_ text: String) -> Bool {
        // Placeholders are at most four characters: longer cells are not blank, without trimming.
        var solid = 0
        for scalar in text.unicodeScalars where !isSpace(scalar) {
            solid += 1
            if solid > 4 { return false }
        }
        if solid == 0 { return true }
        let cell = trimmed(text)
        return cell.isEmpty || ["-", "--", "—", "/", "无", "N/A", "n/a", "NULL", "null", "#N/A"].contains(cell)
    }

    /// The name as written: folded, trimmed, inner space runs made one space.
    public static func name(_ text: String) -> String {
        // Most names need nothing: no spaces, no full-width letters.
        if !text.unicodeScalars.contains(where: { isSpace($0) || (0xFF01...0xFF5E).contains($0.value) }) { return text }
        return fold(text).split(whereSeparator: { $0.unicodeScalars.allSatisfy(isSpace) }).joined(separator: " ")
    }

    /// Card numbers are compared folded and trimmed.
    public static func cardNumber(_ text: String) -> String { trimmed(fold(text)) }

    /// female | male from the usual cell values.
    public static func gender(_ text: String) -> Outcome<String> {
        if isBlank(text) { return .blank }
        switch trimmed(fold(text)).lowercased() {
        case "女", "女性", "f", "female", "w", "woman", "女士": return .value("female")
        case "男", "男性", "m", "male", "man", "先生": return .value("male")
        default: return .undecided("gender text")
        }
    }

    /// The gender a form of address at the end of a name implies.
    public static func genderHint(ofName text: String) -> String? {
        let name = trimmed(text)
        if ["女士", "小姐", "太太", "阿姨", "姐"].contains(where: name.hasSuffix) { return "female" }
        if ["先生", "哥"].contains(where: name.hasSuffix) { return "male" }
        return nil
    }

    /// The phone-like pieces of a cell: split at / , ; 、 and line breaks; a trailing ".0" (Excel)
    /// dropped; a leading 0086 or 86 before a mobile dropped.
    public static func phones(_ text: String) -> [PhonePart] {
        let separators: Set<Unicode.Scalar> = ["/", ",", "，", ";", "；", "、", "\n", "\r", "|"]
        var parts: [PhonePart] = []
        for piece in fold(text).unicodeScalars.split(whereSeparator: separators.contains) {
            var chunk = trimmed(String(String.UnicodeScalarView(piece)))
            if chunk.isEmpty { continue }
            if chunk.contains("E+") || chunk.contains("e+") {
                parts.append(.undecided(chunk))
                continue
            }
            if chunk.hasSuffix(".0") { chunk.removeLast(2) }
            var digits = String(chunk.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
            if digits.isEmpty { continue }
            for prefix in ["0086", "86"] where digits.count == 11 + prefix.count && digits.hasPrefix(prefix + "1") {
                digits.removeFirst(prefix.count)
            }
            let bytes = Array(digits.utf8)
            if bytes.count == 11, bytes[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(bytes[1]) {
                parts.append(.mobile(digits))
            } else {
                parts.append(.other(digits))
            }
        }
        return parts
    }

    /// An ASCII or full-width digit.
    public static func isDigit(_ scalar: Unicode.Scalar) -> Bool { digit(scalar) != nil }

    /// The value of an ASCII or full-width digit.
    static func digit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value - 0x30)
        case 0xFF10...0xFF19: return Int(scalar.value - 0xFF10)
        default: return nil
        }
    }

    /// A birthday as ISO `yyyy-mm-dd`, or `--mm-dd` without a year. Reads digit groups:
    /// y m d in that order, yyyymmdd, or m d; lunar dates and other orders are undecided.
    public static func date(_ text: String) -> Outcome<String> {
        if isBlank(text) { return .blank }
        var groups: [(value: Int, length: Int)] = []
        var current: (value: Int, length: Int)?
        for scalar in text.unicodeScalars {
            if let d = digit(scalar) {
                current = ((current?.value ?? 0) &* 10 &+ d, (current?.length ?? 0) + 1)
                continue
            }
            if let group = current { groups.append(group) }
            current = nil
            if scalar == "历" || scalar == "曆" { return .undecided("lunar") }  // 农历, 阴历
            if scalar == "T", groups.count == 3 { break }  // 1990-03-05T00:00:00.000
        }
        if let group = current { groups.append(group) }
        let (year, month, day): (Int?, Int, Int)
        if groups.count == 1, groups[0].length == 8 {
            (year, month, day) = (groups[0].value / 10_000, groups[0].value / 100 % 100, groups[0].value % 100)
        } else if groups.count == 3, groups[0].length == 4, groups[1].length <= 2, groups[2].length <= 2 {
            (year, month, day) = (groups[0].value, groups[1].value, groups[2].value)
        } else if groups.count == 2, groups[0].length <= 2, groups[1].length <= 2 {
            (year, month, day) = (nil, groups[0].value, groups[1].value)
        } else {
            return .undecided("date form")
        }
        if let year, !(1900...2100).contains(year) { return .undecided("year") }
        let lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), day >= 1, day <= lengths[month - 1] else { return .invalid }
        if let year, month == 2, day == 29, !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) { return .invalid }
        let mm = month < 10 ? "0\(month)" : "\(month)"
        let dd = day < 10 ? "0\(day)" : "\(day)"
        return .value(year.map { "\($0)-\(mm)-\(dd)" } ?? "--\(mm)-\(dd)")
    }

    /// An amount in fen: ¥, ￥, 元, RMB, thousands commas and spaces dropped; at most two decimals;
    /// a trailing 万 multiplies by 10,000.
    public static func money(_ text: String) -> Outcome<Int64> {
        if isBlank(text) { return .blank }
        var whole: Int64 = 0
        var wholeDigits = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenPoint = false
        var negative = false
        var tenThousands = false
        for scalar in text.unicodeScalars {
            if tenThousands { return .undecided("amount form") }  // anything after 万
            if let d = digit(scalar) {
                if seenPoint {
                    fraction = fraction * 10 + Int64(d)
                    fractionDigits += 1
                } else {
                    whole = whole &* 10 &+ Int64(d)
                    wholeDigits += 1
                }
                continue
            }
            switch scalar {
            case "¥", "￥", "元", ",", " ", "\t", "\u{3000}", "R", "M", "B", "r", "m", "b": continue
            case ".", "．":
                if seenPoint { return .undecided("amount form") }
                seenPoint = true
            case "-" where wholeDigits == 0 && !negative: negative = true
            case "万": tenThousands = true
            default: return .undecided("amount form")
            }
        }
        guard wholeDigits > 0, wholeDigits <= 12 else { return .undecided("amount form") }
        // 1.28万 = 12800.00 yuan: the decimals scale with it.
        let places = tenThousands ? 6 : 2
        guard fractionDigits <= places else { return .undecided("more than two decimals") }
        for _ in fractionDigits..<places { fraction *= 10 }
        let fen = whole * 100 * (tenThousands ? 10_000 : 1) + fraction
        return .value(negative ? -fen : fen)
    }
}

