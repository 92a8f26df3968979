/// Next birthdays for the staged customers, computed before they are inserted, so a new customer's
/// row is written once with its `birthday_next` instead of being written and then rewritten by the
/// derived-fields step (on a first load of a million customers that rewrite cost 2.3 s on SQLite;
/// on PostgreSQL it made a second version of every row).
///
/// The as-of date is guessed the way `publishDerived` will decide it: the rules' date, else the
/// latest receipt among those in the database and those staged, else today. The derived-fields
/// step still compares every run customer with the date it really uses and corrects any guess
/// that was wrong, so the guess only decides how much work is left for it, never the result.
struct BirthdayGuess {
    struct Row {
        var calendar: String
        var monthDay: String
        var leap: Int64
        var next: String?
    }

    let rows: [Row]

    /// - Parameters:
    ///   - staging: the staging database; `prefix` names its schema on that connection (`stg.` when attached).
    ///   - latestInDatabase: the date (ISO) of the latest receipt already in the CRM database.
    init(plan: DerivedFieldsPlan?, staging: SQLiteConnection, prefix: String, latestInDatabase: String?) throws {
        guard let plan else {
            rows = []
            return
        }
        var start = plan.rules.asOf
        if start == nil {
            let staged = try staging.query(
                "SELECT substr(MAX(sold_at), 1, 10) FROM \(prefix)stg_receipt_line_rows WHERE sold_at IS NOT NULL"
            ).first?.first?.text
            start = [latestInDatabase, staged].compactMap { $0 }.max() ?? plan.today
        }
        let keys = try staging.query("""
            SELECT DISTINCT birthday_calendar, substr(birthday, -5), birthday_leap_month
            FROM \(prefix)stg_customers WHERE birthday IS NOT NULL AND birthday_calendar IS NOT NULL AND birthday_leap_month IS NOT NULL
            """)
        rows = keys.compactMap { key in
            guard let calendar = key[0].text, let monthDay = key[1].text, let leap = key[2].int else { return nil }
            let next = BirthdayKey(calendar: calendar, monthDay: monthDay, isLeapMonth: leap == 1).flatMap { plan.nextBirthday($0, start!) }
            return Row(calendar: calendar, monthDay: monthDay, leap: leap, next: next)
        }
    }
}
