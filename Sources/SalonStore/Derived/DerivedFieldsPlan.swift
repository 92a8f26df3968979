/// What a publish needs to derive fields: the rules, the fallback date, and the calendar math for
/// birthdays (which lives in SalonNormalizers, on ICU, so it is handed in rather than linked here).
public struct DerivedFieldsPlan: Sendable {
    public var rules: DerivedFieldRules
    /// The as-of date (ISO) when the rules name none and the database holds no transactions yet.
    public var today: String
    /// The next Gregorian date (ISO) of a birthday on or after an ISO date; nil when it has none.
    public var nextBirthday: @Sendable (BirthdayKey, _ onOrAfter: String) -> String?

    public init(
        rules: DerivedFieldRules, today: String, nextBirthday: @escaping @Sendable (BirthdayKey, String) -> String?
    ) {
        self.rules = rules
        self.today = today
        self.nextBirthday = nextBirthday
    }
}

/// A birthday as the CRM keeps it, without the year: customers sharing one share its next date,
/// so the calendar math runs once per key (a few hundred) rather than once per customer.
public struct BirthdayKey: Hashable, Sendable {
    /// `gregorian` or `lunar` (customers.birthday_calendar).
    public var calendar: String
    public var month: Int
    public var day: Int
    public var isLeapMonth: Bool

    public init(calendar: String, month: Int, day: Int, isLeapMonth: Bool) {
        self.calendar = calendar
        self.month = month
        self.day = day
        self.isLeapMonth = isLeapMonth
    }

    /// From the way the CRM keeps it: `MM-DD`, the last five characters of `customers.birthday`;
    /// nil when that is not a month and a day.
    init?(calendar: String, monthDay: String, isLeapMonth: Bool) {
        let parts = monthDay.split(separator: "-")
        guard parts.count == 2, let month = Int(parts[0]), let day = Int(parts[1]) else { return nil }
        self.init(calendar: calendar, month: month, day: day, isLeapMonth: isLeapMonth)
    }
}
