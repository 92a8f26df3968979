import CSalonICU

/// The Chinese lunisolar calendar (农历) for lunar birthdays: which Gregorian day a customer's
/// lunar birthday falls on this year, so reminders and birthday offers go out on the right day.
///
/// Backed by ICU's Chinese calendar (`@calendar=chinese`, wrapped in `salon_icu_calendar.h`) in
/// Asia/Shanghai. A lunar year is numbered by the Gregorian year it begins in: lunar 2024 runs from
/// 2024-02-10 to 2025-01-28. All functions are thread-safe (the C wrapper serialises ICU calls) and
/// return nil for dates that do not exist, or if ICU cannot open its Chinese calendar.
public enum LunarCalendar {
    /// One shared pair of ICU calendars; opening them costs far more than a conversion.
    private static let calendar: Handle? = Handle()

    /// The Chinese-calendar date of a Gregorian date (`salon_lunar_from_gregorian`).
    ///
    /// `toLunar(gregorian: (2024, 2, 10))` is lunar 2024, month 1, day 1 (正月初一).
    public static func toLunar(
        gregorian date: (year: Int, month: Int, day: Int)
    ) -> (year: Int, month: Int, isLeapMonth: Bool, day: Int)? {
        guard let calendar, let year = Int32(exactly: date.year) else { return nil }
        var lunar = salon_lunar_date()
        let status = salon_lunar_from_gregorian(
            calendar.pointer, year, Int32(clamping: date.month), Int32(clamping: date.day), &lunar)
        guard status == SALON_LUNAR_OK else { return nil }
        return (Int(lunar.year), Int(lunar.month), lunar.is_leap != 0, Int(lunar.day))
    }

    /// The Gregorian date of an exact Chinese-calendar date (`salon_lunar_to_gregorian`); nil when
    /// that year has no such leap month or the month is shorter than `day`. Birthday rules live in
    /// `nextOccurrence`, not here.
    public static func gregorian(
        lunarYear: Int, month: Int, day: Int, isLeapMonth: Bool = false
    ) -> (year: Int, month: Int, day: Int)? {
        guard let calendar, let year = Int32(exactly: lunarYear) else { return nil }
        let lunar = salon_lunar_date(
            year: year, month: Int32(clamping: month), is_leap: isLeapMonth ? 1 : 0, day: Int32(clamping: day))
        var gregorianYear: Int32 = 0, gregorianMonth: Int32 = 0, gregorianDay: Int32 = 0
        let status = salon_lunar_to_gregorian(calendar.pointer, lunar, &gregorianYear, &gregorianMonth, &gregorianDay)
        guard status == SALON_LUNAR_OK else { return nil }
        return (Int(gregorianYear), Int(gregorianMonth), Int(gregorianDay))
    }

    /// Days (29 or 30) in a lunar month (`salon_lunar_month_length`); nil when the year has no such
    /// month, which for a leap month is most years.
    public static func monthLength(lunarYear: Int, month: Int, isLeapMonth: Bool = false) -> Int? {
        guard let calendar, let year = Int32(exactly: lunarYear) else { return nil }
        var days: Int32 = 0
        let status = salon_lunar_month_length(
            calendar.pointer, year, Int32(clamping: month), isLeapMonth ? 1 : 0, &days)
        guard status == SALON_LUNAR_OK, days > 0 else { return nil }
        return Int(days)
    }

    /// The first Gregorian date on or after `onOrAfter` that is the lunar birthday `lunarMonth`/`day`.
    ///
    /// Birthday rules, the way families keep them:
    /// - A leap-month birthday (闰四月初八) is kept in the leap month when that lunar year has it,
    ///   otherwise in the ordinary month of the same number (四月初八).
    /// - An ordinary-month birthday is kept once a year, in the ordinary month, even when a leap
    ///   month of the same number follows it.
    /// - Day 30 in a 29-day month (小月) is kept on day 29, the month's last day.
    ///
    /// Returns nil for a month outside 1...12, a day outside 1...30, a start date that does not exist,
    /// or when ICU is unavailable.
    public static func nextOccurrence(
        lunarMonth: Int, day: Int, isLeapMonth: Bool, onOrAfter start: (year: Int, month: Int, day: Int)
    ) -> (year: Int, month: Int, day: Int)? {
        guard (1...12).contains(lunarMonth), (1...30).contains(day), let startLunar = toLunar(gregorian: start)
        else { return nil }
        // The lunar year holding `start` may already be past the birthday; the next year's is then
        // less than 13 months away. The third year only guards against an ICU surprise.
        for lunarYear in startLunar.year...(startLunar.year + 2) {
            let leap = isLeapMonth && monthLength(lunarYear: lunarYear, month: lunarMonth, isLeapMonth: true) != nil
            guard let length = monthLength(lunarYear: lunarYear, month: lunarMonth, isLeapMonth: leap),
                let date = gregorian(lunarYear: lunarYear, month: lunarMonth, day: min(day, length), isLeapMonth: leap)
            else { return nil }
            if date >= start { return date }
        }
        return nil
    }

    /// Owns the `salon_lunar_calendar` for the process; the C side locks around each ICU call,
    /// which is what makes sharing it sound.
    private final class Handle: @unchecked Sendable {
        let pointer: OpaquePointer

        init?() {
            var error: Int32 = 0
            guard let pointer = salon_lunar_open(&error, nil) else { return nil }
            self.pointer = pointer
        }

        deinit { salon_lunar_close(pointer) }
    }
}
