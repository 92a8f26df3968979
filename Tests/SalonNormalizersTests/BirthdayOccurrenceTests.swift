import SalonNormalizers
import Testing

@Suite struct BirthdayOccurrenceTests {
    @Test func lunarBirthdayThroughTheChineseCalendar() {
        // 农历三月初五 of lunar 2024 (which began 2024-02-10) is 13 April 2024.
        #expect(BirthdayOccurrence.next(month: 3, day: 5, calendar: .lunar, onOrAfter: "2024-03-31") == "2024-04-13")
        // The day itself counts; the day after moves to lunar 2025 (2025-04-02).
        #expect(BirthdayOccurrence.next(month: 3, day: 5, calendar: .lunar, onOrAfter: "2024-04-13") == "2024-04-13")
        #expect(BirthdayOccurrence.next(month: 3, day: 5, calendar: .lunar, onOrAfter: "2024-04-14") == "2025-04-02")
    }

    @Test func gregorianBirthdays() {
        #expect(BirthdayOccurrence.next(month: 3, day: 5, calendar: .gregorian, onOrAfter: "2024-03-05") == "2024-03-05")
        #expect(BirthdayOccurrence.next(month: 3, day: 5, calendar: .gregorian, onOrAfter: "2024-03-06") == "2025-03-05")
        #expect(BirthdayOccurrence.next(month: 1, day: 1, calendar: .gregorian, onOrAfter: "2024-12-31") == "2025-01-01")
    }

    @Test func leapDayFallsOnTheTwentyEighthInCommonYears() {
        #expect(BirthdayOccurrence.next(month: 2, day: 29, calendar: .gregorian, onOrAfter: "2024-01-01") == "2024-02-29")
        #expect(BirthdayOccurrence.next(month: 2, day: 29, calendar: .gregorian, onOrAfter: "2024-03-01") == "2025-02-28")
        #expect(BirthdayOccurrence.next(month: 2, day: 29, calendar: .gregorian, onOrAfter: "2027-03-01") == "2028-02-29")
    }

    @Test func impossibleDatesHaveNoOccurrence() {
        #expect(BirthdayOccurrence.next(month: 2, day: 30, calendar: .gregorian, onOrAfter: "2024-01-01") == nil)
        #expect(BirthdayOccurrence.next(month: 13, day: 1, calendar: .lunar, onOrAfter: "2024-01-01") == nil)
        #expect(BirthdayOccurrence.next(month: 3, day: 5, calendar: .gregorian, onOrAfter: "2023-02-29") == nil)
    }
}
