import SalonCore

/// Reads dates as Chinese salon records write them: 1990/3/5, 1990年3月5日, 19900305, 90.3.5,
/// month-day birthdays (3月5日), Excel datetime text and serial numbers, and lunar birthdays
/// (农历三月初五, 阴历 1990年闰四月十二). Chinese sources write year/month/day or month/day, so
/// day-first orders are never guessed.
public enum DateNormalizer {
    public static let impossibleCode: ReasonCode = "date.impossible"
    public static let unrecognizedCode: ReasonCode = "date.unrecognized"
    public static let excel1900BugCode: ReasonCode = "date.excel_1900_bug"

    /// Parses one date cell.
    /// - Parameters:
    ///   - excelSerial: read a bare 1–5 digit number as an Excel 1900-system serial.
    ///   - pivotYear: two-digit years up to `pivotYear % 100` are 20xx, later ones 19xx.
    /// - Returns: nil for an empty cell, the date, or the issue that stops it.
    public static func parse(_ text: String, excelSerial: Bool = true, pivotYear: Int = 2029) -> Result<PartialDate?, FieldIssue> {
        parse(text, excelSerial: excelSerial, pivotYear: pivotYear, fastPath: true)
    }

    static func parse(_ text: String, excelSerial: Bool, pivotYear: Int, fastPath: Bool) -> Result<PartialDate?, FieldIssue> {
        if fastPath, let common = parseCommonASCII(text) { return common }
        var cleaned = TextNormalizer.clean(text)
        guard !cleaned.isEmpty else { return .success(nil) }

        var calendar = CalendarKind.gregorian
        for marker in lunarMarkers where cleaned.utf8Contains(marker) {
            calendar = .lunar
            cleaned = cleaned.replacingAll(marker, with: " ")
        }
        var isLeapMonth = false
        if cleaned.utf8Contains("闰") {
            isLeapMonth = true
            cleaned = cleaned.replacingAll("闰", with: "")
        }
        guard calendar == .lunar || !isLeapMonth else { return .failure(unrecognized(text, "闰 (leap month) belongs to lunar dates")) }
        if cleaned.unicodeScalars.contains(where: { bracketScalars.contains($0) }) {
            cleaned = String(String.UnicodeScalarView(cleaned.unicodeScalars.filter { !bracketScalars.contains($0) }))
        }
        cleaned = TextNormalizer.collapseWhitespace(cleaned)
        if ChineseNumerals.containsNumeral(cleaned) {
            guard let rewritten = ChineseNumerals.rewrite(cleaned) else { return .failure(unrecognized(text, "malformed Chinese numeral")) }
            cleaned = rewritten
        }
        cleaned = dropTime(cleaned)

        if calendar == .gregorian, excelSerial, let serial = excelSerialValue(cleaned) {
            return excelDate(serial: serial, text: text).map { Optional($0) }
        }
        return parseParts(cleaned, text: text, calendar: calendar, isLeapMonth: isLeapMonth, pivotYear: pivotYear)
            .map { Optional($0) }
    }

    private static let lunarMarkers = ["农历", "阴历", "旧历"]
    private static let bracketScalars: Set<Unicode.Scalar> = ["(", ")", "[", "]", "（", "）", "【", "】"]

    /// Cuts "1990-03-05 00:00:00" and "1990-03-05T08:30" to the date.
    private static func dropTime(_ text: String) -> String {
        guard let colon = text.firstIndex(of: ":") else { return text }
        let head = text[..<colon]
        guard let cut = head.lastIndex(where: { $0 == " " || $0 == "T" }) else { return text }
        return String(text[..<cut]).trimmingSpaces()
    }

    // MARK: - Excel serials

    /// "32937" or "32937.0" (also "32937.5", a datetime): the day count, when it looks like one.
    private static func excelSerialValue(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, (1...5).contains(whole.count),
            whole.allSatisfy(\.isASCIIDigitCharacter), parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy(\.isASCIIDigitCharacter)),
            let value = Int(whole)
        else { return nil }
        // A four-digit year alone ("1990") is no day count, and 03.05 or 3.5 is a month and day.
        if parts.count == 1, whole.count == 4, (1900...2100).contains(value) { return nil }
        if whole.first == "0" { return nil }
        if parts.count == 2, whole.count < 3, !parts[1].allSatisfy({ $0 == "0" }) { return nil }
        return value
    }

    /// Excel's 1900 date system counts a fictitious 1900-02-29 (serial 60), so serials before it
    /// are one day off from the ones after it.
    private static func excelDate(serial: Int, text: String) -> Result<PartialDate, FieldIssue> {
        if serial == 60 {
            return .failure(FieldIssue(
                code: excel1900BugCode,
                message: "Excel serial 60 is 1900-02-29, a day that never existed (Excel's 1900 leap-year bug)",
                text: text))
        }
        guard serial >= 1 else { return .failure(unrecognized(text, "Excel serial numbers start at 1")) }
        let unixDays = serial < 60 ? serial - 25_568 : serial - 25_569
        let civil = GregorianCalendarMath.civil(fromDays: unixDays)
        guard civil.year <= 2100 else {
            return .failure(impossible(text, "Excel serial \(serial) is after 2100"))
        }
        return .success(PartialDate(year: civil.year, month: civil.month, day: civil.day))
    }

    // MARK: - Written dates

    private static func parseParts(
        _ cleaned: String, text: String, calendar: CalendarKind, isLeapMonth: Bool, pivotYear: Int
    ) -> Result<PartialDate, FieldIssue> {
        var parts: [Substring] = []
        var current = cleaned.startIndex
        var index = cleaned.startIndex
        while index < cleaned.endIndex {
            let character = cleaned[index]
            if character.isASCIIDigitCharacter {
                index = cleaned.index(after: index)
                continue
            }
            guard separators.contains(character) else { return .failure(unrecognized(text, "unexpected \"\(character)\"")) }
            if current < index { parts.append(cleaned[current..<index]) }
            index = cleaned.index(after: index)
            current = index
        }
        if current < cleaned.endIndex { parts.append(cleaned[current...]) }

        var year: Int?
        let month: Int
        let day: Int
        switch parts.count {
        case 1 where parts[0].count == 8:
            // 19900305
            year = Int(parts[0].prefix(4))
            month = Int(parts[0].dropFirst(4).prefix(2))!
            day = Int(parts[0].suffix(2))!
        case 2 where parts.allSatisfy({ $0.count <= 2 }):
            month = Int(parts[0])!
            day = Int(parts[1])!
        case 3 where parts[0].count == 4 && parts[1].count <= 2 && parts[2].count <= 2:
            year = Int(parts[0])
            month = Int(parts[1])!
            day = Int(parts[2])!
        case 3 where parts[0].count == 2 && parts[1].count <= 2 && parts[2].count <= 2:
            let short = Int(parts[0])!
            year = short <= pivotYear % 100 ? 2000 + short : 1900 + short
            month = Int(parts[1])!
            day = Int(parts[2])!
        case 3 where parts[2].count == 4:
            return .failure(unrecognized(text, "day and month before the year are ambiguous (d/m/y or m/d/y); write year/month/day"))
        default:
            return .failure(unrecognized(text, "no year/month/day or month/day pattern"))
        }
        return validated(year: year, month: month, day: day, calendar: calendar, isLeapMonth: isLeapMonth, text: text)
    }

    private static let separators: Set<Character> = ["/", "-", ".", " ", "年", "月", "日", "号", "_", ","]

    private static func validated(
        year: Int?, month: Int, day: Int, calendar: CalendarKind, isLeapMonth: Bool, text: String
    ) -> Result<PartialDate, FieldIssue> {
        if let year, !(1900...2100).contains(year) {
            return .failure(impossible(text, "year \(year) is outside 1900–2100"))
        }
        guard (1...12).contains(month) else { return .failure(impossible(text, "month \(month) does not exist")) }
        let maxDay = calendar == .lunar ? 30 : GregorianCalendarMath.daysInMonth(month, year: year)
        guard (1...maxDay).contains(day) else {
            return .failure(impossible(text, "day \(day) does not exist in month \(month)"))
        }
        return .success(PartialDate(year: year, month: month, day: day, calendar: calendar, isLeapMonth: isLeapMonth))
    }

    private static func impossible(_ text: String, _ reason: String) -> FieldIssue {
        FieldIssue(code: impossibleCode, message: "\"\(PIIMask.text(text))\" is no real date: \(reason)", text: text)
    }

    private static func unrecognized(_ text: String, _ reason: String) -> FieldIssue {
        FieldIssue(code: unrecognizedCode, message: "\"\(PIIMask.text(text))\" is not a date: \(reason)", text: text)
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}

extension String {
    /// Substring search on UTF-8 bytes: exact code-point match, without the normalization that
    /// `String.contains` performs (the hot loop of a million dates).
    fileprivate func utf8Contains(_ needle: String) -> Bool {
        let haystack = Array(utf8), pattern = Array(needle.utf8)
        guard pattern.count <= haystack.count, let first = pattern.first else { return pattern.isEmpty }
        var index = 0
        while index + pattern.count <= haystack.count {
            if haystack[index] == first, haystack[index..<index + pattern.count].elementsEqual(pattern) { return true }
            index += 1
        }
        return false
    }

    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    fileprivate func trimmingSpaces() -> String {
        TextNormalizer.collapseWhitespace(self)
    }
}
