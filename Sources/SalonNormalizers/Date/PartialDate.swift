/// A date whose year may be unknown (birthdays are often written 3月5日), in either calendar.
public struct PartialDate: Sendable, Hashable, Codable {
    public var year: Int?
    public var month: Int
    public var day: Int
    public var calendar: CalendarKind
    /// A lunar leap month (闰四月); always false for Gregorian dates.
    public var isLeapMonth: Bool
    /// `1990-03-05`, `--03-05` without a year; lunar dates get an `L` prefix (`L1990-03-05`,
    /// `L--03-05`) so they never compare equal to a Gregorian date.
    public var iso: String

    public init(year: Int?, month: Int, day: Int, calendar: CalendarKind = .gregorian, isLeapMonth: Bool = false) {
        self.year = year
        self.month = month
        self.day = day
        self.calendar = calendar
        self.isLeapMonth = isLeapMonth
        self.iso = Self.isoText(year: year, month: month, day: day, calendar: calendar)
    }

    private static func isoText(year: Int?, month: Int, day: Int, calendar: CalendarKind) -> String {
        var text = calendar == .lunar ? "L" : ""
        if let year {
            text += String(year)
        } else {
            text += "-"
        }
        text += "-" + twoDigits(month) + "-" + twoDigits(day)
        return text
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}
