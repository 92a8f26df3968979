import Foundation
import SalonNormalizers
import SalonStore

extension RunState {
    /// The derive step for publish: the pipeline's rules, the run's start day in Asia/Shanghai
    /// (the as-of date when no transaction is loaded yet) and the birthday calendar math.
    var derivedFieldsPlan: DerivedFieldsPlan? {
        spec.derive.map { DerivedFieldsPlan(rules: $0, today: Self.shanghaiDay(startedAt), nextBirthday: Self.nextBirthday) }
    }

    /// The ISO date of `date` in Asia/Shanghai.
    static func shanghaiDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return BirthdayOccurrence.isoDate((parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1))
    }

    @Sendable static func nextBirthday(_ key: BirthdayKey, onOrAfter start: String) -> String? {
        BirthdayOccurrence.next(
            month: key.month, day: key.day, calendar: CalendarKind(rawValue: key.calendar) ?? .gregorian,
            isLeapMonth: key.isLeapMonth, onOrAfter: start)
    }
}
