import Testing

@testable import SalonCore

@Suite("Gregorian calendar arithmetic")
struct GregorianCalendarMathTests {
    @Test func daysAndCivilDatesAreInverse() {
        #expect(GregorianCalendarMath.days(year: 1970, month: 1, day: 1) == 0)
        #expect(GregorianCalendarMath.days(year: 2000, month: 3, day: 1) == 11_017)
        #expect(GregorianCalendarMath.days(year: 1900, month: 2, day: 28) == -25_509)
        for days in stride(from: -30_000, through: 30_000, by: 7) {
            let date = GregorianCalendarMath.civil(fromDays: days)
            #expect(GregorianCalendarMath.days(year: date.year, month: date.month, day: date.day) == days)
        }
    }
}
