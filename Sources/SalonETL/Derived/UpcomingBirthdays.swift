import Foundation
import SalonCore
import SalonNormalizers
import SalonStore

/// Customers whose birthday falls in a window of days, for greetings. Computed from the stored
/// birthday for the window asked, not from `birthday_next` (which is as of the last publish).
public struct UpcomingBirthdays: Sendable {
    public struct Entry: Sendable, Codable, Equatable {
        public var customerID: Int64
        public var name: String?
        /// The first phone, masked as staff dial it (138****8000; other regions with their code); nil without one.
        public var phoneMasked: String?
        /// As kept: `1990-03-05`, `--03-05`, lunar ones prefixed `农历` (`农历 --03-05`, `农历闰 --04-08`).
        public var birthday: String
        /// The Gregorian date it falls on (ISO).
        public var next: String
        public var daysAway: Int
        public var memberLevel: String?
    }

    public var from: String
    public var days: Int
    public var entries: [Entry]
    /// Customers with a birthday in the window left out because they opted out of marketing.
    public var optedOut: Int

    /// Birthdays on `from` up to `days` days later (inclusive), soonest first. The statements are
    /// the SQL SQLite and PostgreSQL share, and phones are opened with the database's keys as they
    /// are read (`SharedSQLReader`), so both targets give the same list.
    /// - Throws: `SalonError` (.configuration) for a bad date or day count.
    public static func list(_ database: some SharedSQLReader, from: String, days: Int) throws -> UpcomingBirthdays {
        guard let start = BirthdayOccurrence.parseISODate(from) else {
            throw SalonError(.configuration, "'\(from)' is not a date", location: "--from", fix: "write a date like 2024-04-01")
        }
        guard (0...366).contains(days) else {
            throw SalonError(.configuration, "--days must be from 0 to 366", location: "--days", fix: "write e.g. --days 7")
        }
        let startDay = GregorianCalendarMath.days(year: start.year, month: start.month, day: start.day)
        // One computation per distinct birthday, kept only when it lands in the window. The month
        // and day are the last five characters (`substr(x, -5)` counts from the end only in SQLite).
        var values: [String] = []
        var parameters: [String?] = []
        for row in try database.sharedQuery("""
            SELECT DISTINCT birthday_calendar, substr(birthday, length(birthday) - 4), birthday_leap_month
            FROM customers WHERE birthday IS NOT NULL
            """, [])
        {
            guard let calendarText = row[0], let monthDay = row[1] else { continue }
            let parts = monthDay.split(separator: "-")
            guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]),
                let next = BirthdayOccurrence.next(
                    month: month, day: day, calendar: CalendarKind(rawValue: calendarText) ?? .gregorian,
                    isLeapMonth: row[2] == "1", onOrAfter: start)
            else { continue }
            let away = GregorianCalendarMath.days(year: next.year, month: next.month, day: next.day) - startDay
            guard away <= days else { continue }
            let first = parameters.count
            values.append("(?\(first + 1), ?\(first + 2), CAST(?\(first + 3) AS INTEGER), ?\(first + 4), CAST(?\(first + 5) AS INTEGER))")
            parameters += [calendarText, monthDay, row[2], BirthdayOccurrence.isoDate(next), String(away)]
        }
        var result = UpcomingBirthdays(from: from, days: days, entries: [], optedOut: 0)
        guard !values.isEmpty else { return result }
        let rows = try database.sharedQuery("""
            WITH upcoming (calendar, month_day, leap, next, away) AS (VALUES \(values.joined(separator: ", ")))
            SELECT c.id, c.name, c.birthday, c.birthday_calendar, c.birthday_leap_month, u.next, u.away, c.member_level,
              (SELECT COALESCE(p.e164_sealed, p.e164) FROM customer_phones p WHERE p.customer_id = c.id ORDER BY p.id LIMIT 1),
              COALESCE(c.marketing_opt_out, 0)
            FROM customers c JOIN upcoming u ON u.calendar = c.birthday_calendar
              AND u.month_day = substr(c.birthday, length(c.birthday) - 4) AND u.leap = c.birthday_leap_month
            """, parameters)
        for row in rows {
            if row[9] == "1" {
                result.optedOut += 1
                continue
            }
            let lunar = row[3] == "lunar"
            let prefix = lunar ? (row[4] == "1" ? "农历闰 " : "农历 ") : ""
            result.entries.append(Entry(
                customerID: row[0].flatMap { Int64($0) } ?? 0, name: row[1], phoneMasked: row[8].map(PIIMask.localPhone),
                birthday: prefix + (row[2] ?? ""), next: row[5] ?? "", daysAway: row[6].flatMap { Int($0) } ?? 0,
                memberLevel: row[7]))
        }
        // Sorted here, not in SQL: PostgreSQL orders names by the database's collation, SQLite by
        // their bytes. Bytes here (a missing name first), as SQLite always listed them.
        result.entries.sort { a, b in
            if a.next != b.next { return a.next < b.next }
            if a.name != b.name {
                guard let left = a.name else { return true }
                guard let right = b.name else { return false }
                return left.utf8.lexicographicallyPrecedes(right.utf8)
            }
            return a.customerID < b.customerID
        }
        return result
    }
}

extension UpcomingBirthdays {
    /// Today in Asia/Shanghai (ISO), the default start of the window.
    public static func today() -> String { RunState.shanghaiDay(Date()) }
}
