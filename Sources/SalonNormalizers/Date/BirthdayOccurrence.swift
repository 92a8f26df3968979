import SalonCore

/// When a birthday next comes round, for greetings: Gregorian birthdays by month and day, lunar
/// ones through `LunarCalendar` (ICU's Chinese calendar).
public enum BirthdayOccurrence {
    /// The first Gregorian date on or after `start` that is the birthday `month`/`day`.
    ///
    /// A Gregorian 29 February is kept on 28 February in common years (the day before the one
    /// that does not exist, as most people born then celebrate). Lunar birthdays follow
    /// `LunarCalendar.nextOccurrence` (leap months, day 30 in a 29-day month).
    /// - Returns: nil for a month or day that no year has, or a start date that does not exist.
    public static func next(
        month: Int, day: Int, calendar: CalendarKind, isLeapMonth: Bool = false,
        onOrAfter start: (year: Int, month: Int, day: Int)
    ) -> (year: Int, month: Int, day: Int)? {
        switch calendar {
        case .lunar:
            return LunarCalendar.nextOccurrence(lunarMonth: month, day: day, isLeapMonth: isLeapMonth, onOrAfter: start)
        case .gregorian:
            guard (1...12).contains(start.month), (1...GregorianCalendarMath.daysInMonth(start.month, year: start.year)).contains(start.day),
                (1...12).contains(month), (1...GregorianCalendarMath.daysInMonth(month, year: nil)).contains(day)
            else { return nil }
            for year in start.year...(start.year + 1) {
                let date = (year, month, min(day, GregorianCalendarMath.daysInMonth(month, year: year)))
                if date >= start { return date }
            }
            return nil
        }
    }

    /// `next` over ISO text (`2024-03-31` in, `2024-04-13` out), the form the CRM stores.
    public static func next(
        month: Int, day: Int, calendar: CalendarKind, isLeapMonth: Bool = false, onOrAfter isoStart: String
    ) -> String? {
        guard let start = parseISODate(isoStart),
            let date = next(month: month, day: day, calendar: calendar, isLeapMonth: isLeapMonth, onOrAfter: start)
        else { return nil }
        return isoDate(date)
    }

    /// `2024-03-31` → (2024, 3, 31); nil for anything else.
    public static func parseISODate(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...GregorianCalendarMath.daysInMonth(month, year: year)).contains(day)
        else { return nil }
        return (year, month, day)
    }

    public static func isoDate(_ date: (year: Int, month: Int, day: Int)) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return pad(date.year, 4) + "-" + pad(date.month, 2) + "-" + pad(date.day, 2)
    }
}
