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
        let cell = trimmed(text)
        return cell.isEmpty || ["-", "--", "—", "/", "无", "N/A", "n/a", "NULL", "null", "#N/A"].contains(cell)
    }

    /// The name as written: folded, trimmed, inner space runs made one space.
    public static func name(_ text: String) -> String {
        fold(text).split(whereSeparator: { $0.unicodeScalars.allSatisfy(isSpace) }).joined(separator: " ")
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

    /// A birthday as ISO `yyyy-mm-dd`, or `--mm-dd` without a year. Reads digit groups:
    /// y m d in that order, yyyymmdd, or m d; lunar dates and other orders are undecided.
    public static func date(_ text: String) -> Outcome<String> {
        if isBlank(text) { return .blank }
        var cell = trimmed(fold(text))
        if cell.contains("农历") || cell.contains("阴历") || cell.contains("農曆") || cell.contains("陰曆") {
            return .undecided("lunar")
        }
        if let t = cell.firstIndex(of: "T") { cell = String(cell[..<t]) }  // 1990-03-05T00:00:00.000
        var groups: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in cell.utf8 {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                current.append(byte - UInt8(ascii: "0"))
            } else if !current.isEmpty {
                groups.append(current)
                current = []
            }
        }
        if !current.isEmpty { groups.append(current) }
        func number(_ digits: ArraySlice<UInt8>) -> Int { digits.reduce(0) { $0 * 10 + Int($1) } }
        let (year, month, day): (Int?, Int, Int)
        if groups.count == 1, groups[0].count == 8 {
            (year, month, day) = (number(groups[0][0..<4]), number(groups[0][4..<6]), number(groups[0][6..<8]))
        } else if groups.count == 3, groups[0].count == 4, groups[1].count <= 2, groups[2].count <= 2 {
            (year, month, day) = (number(groups[0][...]), number(groups[1][...]), number(groups[2][...]))
        } else if groups.count == 2, groups[0].count <= 2, groups[1].count <= 2 {
            (year, month, day) = (nil, number(groups[0][...]), number(groups[1][...]))
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
        var cell = fold(text)
        for noise in ["¥", "￥", "元", "RMB", "rmb", ",", " ", "\t"] { cell = cell.replacingAll(noise) }
        var scale: Int64 = 1
        if cell.hasSuffix("万") {
            cell.removeLast()
            scale = 10_000
        }
        var negative = false
        if cell.hasPrefix("-") {
            negative = true
            cell.removeFirst()
        }
        let pieces = cell.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), let whole = pieces.first, !whole.isEmpty,
            whole.allSatisfy({ $0.isASCII && $0.isNumber }), whole.count <= 12
        else { return .undecided("amount form") }
        var fraction = pieces.count == 2 ? String(pieces[1]) : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .undecided("amount form") }
        // 1.28万 = 12800.00 yuan: the decimals scale with it.
        let places = scale == 1 ? 2 : 6
        guard fraction.count <= places else { return .undecided("more than two decimals") }
        fraction += String(repeating: "0", count: places - fraction.count)
        let fen = Int64(whole)! * 100 * scale + Int64(fraction)!
        return .value(negative ? -fen : fen)
    }
}

extension String {
    fileprivate func replacingAll(_ target: String) -> String {
        guard contains(target) else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined()
    }
}
