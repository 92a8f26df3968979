import SalonNormalizers
import Testing

@Suite struct LunarCalendarTests {
    typealias Day = (year: Int, month: Int, day: Int)

    /// Compares as a string so a failure prints both dates readably.
    private func iso(_ date: Day?) -> String {
        guard let date else { return "nil" }
        return "\(date.year)-\(date.month)-\(date.day)"
    }

    @Test func springFestivalIsFirstDayOfFirstMonth() throws {
        let lunar2024 = try #require(LunarCalendar.toLunar(gregorian: (2024, 2, 10)))
        #expect(lunar2024 == (2024, 1, false, 1))
        let lunar2025 = try #require(LunarCalendar.toLunar(gregorian: (2025, 1, 29)))
        #expect(lunar2025 == (2025, 1, false, 1))
        // The day before Spring Festival is 除夕 of the previous lunar year; 腊月 2024 has 29 days (no 年三十).
        let eve = try #require(LunarCalendar.toLunar(gregorian: (2025, 1, 28)))
        #expect(eve == (2024, 12, false, 29))
        #expect(iso(LunarCalendar.gregorian(lunarYear: 2024, month: 1, day: 1)) == "2024-2-10")
    }

    @Test func midAutumn2024() {
        #expect(iso(LunarCalendar.gregorian(lunarYear: 2024, month: 8, day: 15)) == "2024-9-17")
        #expect(iso(LunarCalendar.nextOccurrence(lunarMonth: 8, day: 15, isLeapMonth: false, onOrAfter: (2024, 1, 1))) == "2024-9-17")
    }

    @Test func nextOccurrenceRollsIntoTheNextLunarYear() {
        #expect(iso(LunarCalendar.nextOccurrence(lunarMonth: 3, day: 5, isLeapMonth: false, onOrAfter: (2026, 11, 28))) == "2027-4-11")
    }

    @Test func nextOccurrenceIncludesTheStartDay() {
        #expect(iso(LunarCalendar.nextOccurrence(lunarMonth: 1, day: 1, isLeapMonth: false, onOrAfter: (2024, 2, 10))) == "2024-2-10")
        #expect(iso(LunarCalendar.nextOccurrence(lunarMonth: 1, day: 1, isLeapMonth: false, onOrAfter: (2024, 2, 11))) == "2025-1-29")
    }

    @Test func leapSecondMonthOf2023() throws {
        #expect(LunarCalendar.monthLength(lunarYear: 2023, month: 2, isLeapMonth: true) != nil)
        #expect(LunarCalendar.monthLength(lunarYear: 2024, month: 2, isLeapMonth: true) == nil)
        #expect(iso(LunarCalendar.gregorian(lunarYear: 2023, month: 2, day: 1, isLeapMonth: true)) == "2023-3-22")
        let lunar = try #require(LunarCalendar.toLunar(gregorian: (2023, 3, 22)))
        #expect(lunar == (2023, 2, true, 1))
        // A 闰二月 birthday is kept in the leap month when the year has one...
        #expect(iso(LunarCalendar.nextOccurrence(lunarMonth: 2, day: 1, isLeapMonth: true, onOrAfter: (2023, 1, 1))) == "2023-3-22")
        // ...and an ordinary 二月 birthday stays in the ordinary month that year.
        #expect(iso(LunarCalendar.nextOccurrence(lunarMonth: 2, day: 1, isLeapMonth: false, onOrAfter: (2023, 1, 1))) == "2023-2-20")
        // In 2024 there is no 闰二月, so the birthday falls in the ordinary 二月.
        #expect(iso(LunarCalendar.nextOccurrence(lunarMonth: 2, day: 1, isLeapMonth: true, onOrAfter: (2023, 4, 1))) == "2024-3-10")
    }

    @Test func dayThirtyFallsBackToTwentyNineInAShortMonth() throws {
        // Find a 29-day month from ICU itself rather than trusting a remembered almanac.
        let shortMonth = try #require((1...12).first { LunarCalendar.monthLength(lunarYear: 2024, month: $0) == 29 })
        #expect(LunarCalendar.gregorian(lunarYear: 2024, month: shortMonth, day: 30) == nil)
        let lastDay = LunarCalendar.gregorian(lunarYear: 2024, month: shortMonth, day: 29)
        let start = try #require(LunarCalendar.gregorian(lunarYear: 2024, month: shortMonth, day: 1))
        #expect(iso(LunarCalendar.nextOccurrence(lunarMonth: shortMonth, day: 30, isLeapMonth: false, onOrAfter: start)) == iso(lastDay))
    }

    @Test func rejectsImpossibleInput() {
        #expect(LunarCalendar.nextOccurrence(lunarMonth: 13, day: 1, isLeapMonth: false, onOrAfter: (2024, 1, 1)) == nil)
        #expect(LunarCalendar.nextOccurrence(lunarMonth: 1, day: 31, isLeapMonth: false, onOrAfter: (2024, 1, 1)) == nil)
        #expect(LunarCalendar.toLunar(gregorian: (2023, 2, 30)) == nil)
    }

    /// Every Gregorian day of 2020...2026 (two leap months, 2020 and 2023) maps to a lunar date that maps back to it.
    @Test func roundTripsEveryDayOfSevenYears() {
        var mismatches = 0
        var day = (year: 2020, month: 1, day: 1)
        while day.year <= 2026 {
            if let lunar = LunarCalendar.toLunar(gregorian: day),
                let back = LunarCalendar.gregorian(lunarYear: lunar.year, month: lunar.month, day: lunar.day, isLeapMonth: lunar.isLeapMonth),
                back == day
            {
            } else {
                mismatches += 1
            }
            day.day += 1
            if day.day > GregorianCalendarMath.daysInMonth(day.month, year: day.year) {
                day.day = 1
                day.month += 1
                if day.month > 12 { day = (day.year + 1, 1, 1) }
            }
        }
        #expect(mismatches == 0)
    }
}
