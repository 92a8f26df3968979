/// Rewrites the Chinese numerals of written dates as ASCII digits: 三月初五 → 3月5,
/// 腊月廿三 → 12月23, 一九九〇年 → 1990年, 正月十五 → 1月15.
enum ChineseNumerals {
    private static let digits: [Character: Int] = [
        "〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    /// Lunar month names that are no numerals.
    private static let monthNames: [Character: Int] = ["正": 1, "冬": 11, "腊": 12]
    private static let tens: [Character: Int] = ["十": 10, "廿": 20, "卅": 30]

    /// Every scalar that can start or belong to a numeral run, for a cheap pre-check.
    private static let numeralScalars: Set<Unicode.Scalar> = Set(
        (Array(digits.keys) + Array(monthNames.keys) + Array(tens.keys) + ["初"]).flatMap { $0.unicodeScalars })

    static func containsNumeral(_ text: String) -> Bool {
        // ASCII-only text has no Chinese numeral; otherwise compare scalars, not Characters.
        text.utf8.contains { $0 >= 0x80 } && text.unicodeScalars.contains { numeralScalars.contains($0) }
    }

    /// The text with every numeral run replaced by its value; nil when a run is malformed (一十十).
    static func rewrite(_ text: String) -> String? {
        var out = ""
        var run: [Character] = []
        func flush() -> Bool {
            guard !run.isEmpty else { return true }
            defer { run.removeAll() }
            guard let value = value(of: run) else { return false }
            out += String(value)
            return true
        }
        for character in text {
            if character == "初" { continue }  // 初五: the day prefix carries no value
            if let month = monthNames[character] {
                guard flush() else { return nil }
                out += String(month)
            } else if digits[character] != nil || tens[character] != nil {
                run.append(character)
            } else {
                guard flush() else { return nil }
                out.append(character)
            }
        }
        return flush() ? out : nil
    }

    /// 五 → 5, 十二 → 12, 二十 → 20, 廿三 → 23, 三十 → 30, 一九九〇 → 1990 (digit by digit).
    private static func value(of run: [Character]) -> Int? {
        if !run.contains(where: { tens[$0] != nil }) {
            return run.reduce(0) { $0 * 10 + digits[$1]! }
        }
        guard run.count <= 3 else { return nil }
        var total = 0
        var index = 0
        if let digit = digits[run[0]], run.count >= 2, run[1] == "十" {
            total = digit * 10  // 二十, 三十五
            index = 2
        } else if let ten = tens[run[0]] {
            total = ten  // 十, 十五, 廿三, 卅
            index = 1
        } else {
            return nil
        }
        if index < run.count {
            guard index == run.count - 1, let unit = digits[run[index]] else { return nil }
            total += unit
        }
        return total
    }
}
