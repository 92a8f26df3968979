/// Checks a hand-keyed date for what paper cards and hurried typing produce: a year and month
/// without a day (1990年3月, 90.3), a birthday without a year (3月5日), and day and month swapped
/// where only one reading is a date (1990/25/3, 25/3/1990).
///
/// Lunar dates and dates in Chinese numerals are left to the date normalizer.
public enum DateKeyingCheck {
    /// - Parameters:
    ///   - isBirthday: a birthday without a year is kept (the CRM stores `--03-05`) and only flagged;
    ///     for other dates the date normalizer already refuses it.
    ///   - pivotYear: two-digit years up to `pivotYear % 100` are 20xx, later ones 19xx.
    public static func check(_ text: String, isBirthday: Bool, pivotYear: Int = 2029) -> KeyingFinding? {
        guard let groups = numberGroups(TextNormalizer.foldWidth(text)) else { return nil }
        let lengths = groups.map(\.count)
        let values = groups.map { Int($0) ?? 0 }
        func fullYear(_ index: Int) -> Int? {
            switch lengths[index] {
            case 4: return (1900...2100).contains(values[index]) ? values[index] : nil
            case 2: return values[index] <= pivotYear % 100 ? 2000 + values[index] : 1900 + values[index]
            default: return nil
            }
        }
        switch groups.count {
        case 1 where lengths[0] == 8:
            let whole = groups[0]
            return swapped(year: Int(whole.prefix(4)), first: Int(whole.dropFirst(4).prefix(2)) ?? 0, second: Int(whole.suffix(2)) ?? 0)
        case 2:
            // 1990年3月, or 90.3 where 90 cannot be a month: a year and month, the day lost.
            if (lengths[0] == 4 || (lengths[0] == 2 && values[0] > 12)), let year = fullYear(0), (1...12).contains(values[1]) {
                return KeyingFinding(
                    code: KeyingFinding.datePartial, why: "only a year and month (\(year)年\(values[1])月); the day is missing",
                    proposal: "\(year)-\(twoDigits(values[1]))")
            }
            if isBirthday, lengths.allSatisfy({ $0 <= 2 }), (1...12).contains(values[0]),
                (1...GregorianCalendarMath.daysInMonth(values[0], year: nil)).contains(values[1])
            {
                return KeyingFinding(
                    code: KeyingFinding.dateYearMissing,
                    why: "a birthday without a year; it is kept as \(values[0])月\(values[1])日, the card may show the year",
                    proposal: nil, keepsValue: true)
            }
            return nil
        case 3 where lengths[0] == 4 || (lengths[0] == 2 && lengths[2] <= 2):
            return swapped(year: fullYear(0), first: values[1], second: values[2])
        case 3 where lengths[2] == 4 && lengths[0] <= 2 && lengths[1] <= 2:
            // Day and month before the year: only one reading can be a date when one of them is over 12.
            guard let year = fullYear(2) else { return nil }
            if values[0] > 12, (1...12).contains(values[1]) {
                return dayMonthFinding(year: year, month: values[1], day: values[0], written: "day/month/year")
            }
            if values[1] > 12, (1...12).contains(values[0]) {
                return dayMonthFinding(year: year, month: values[0], day: values[1], written: "month/day/year")
            }
            return nil
        default:
            return nil
        }
    }

    /// year/first/second where `first` cannot be a month but `second` can: day and month swapped.
    private static func swapped(year: Int?, first: Int, second: Int) -> KeyingFinding? {
        guard let year, first > 12, (1...12).contains(second) else { return nil }
        return dayMonthFinding(year: year, month: second, day: first, written: "year/day/month")
    }

    private static func dayMonthFinding(year: Int, month: Int, day: Int, written: String) -> KeyingFinding? {
        guard (1...GregorianCalendarMath.daysInMonth(month, year: year)).contains(day) else { return nil }
        return KeyingFinding(
            code: KeyingFinding.dateSwappedDayMonth,
            why: "day and month look swapped (written \(written)); only \(year)年\(month)月\(day)日 is a date",
            proposal: "\(year)-\(twoDigits(month))-\(twoDigits(day))")
    }

    /// The digit groups of a date written with digits and separators only; nil for anything else
    /// (lunar markers, Chinese numerals, words), which the date normalizer handles.
    static func numberGroups(_ text: String) -> [Substring]? {
        var groups: [Substring] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isASCII, character.isNumber {
                if start == nil { start = index }
            } else if separators.contains(character) {
                if let begin = start { groups.append(text[begin..<index]) }
                start = nil
            } else {
                return nil
            }
            index = text.index(after: index)
        }
        if let begin = start { groups.append(text[begin...]) }
        return groups.isEmpty ? nil : groups
    }

    private static let separators: Set<Character> = ["/", "-", ".", " ", "年", "月", "日", "号", "_", ",", "\u{3000}"]

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
