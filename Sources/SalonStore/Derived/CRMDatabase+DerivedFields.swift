import SalonCore

extension CRMDatabase {
    /// Keeps the customers the run published (and whether a source gave each a member level)
    /// after `temp.customer_map` is dropped, for `publishDerived`. Called inside publish.
    /// - Parameter oneRecordEach: each customer has one staged record (a first load maps every
    ///   staged customer to a customer of its own), so nothing needs grouping.
    func rememberRunCustomers(oneRecordEach: Bool = false) throws {
        try connection.execute("DROP TABLE IF EXISTS temp.run_customers")
        try connection.execute("""
            CREATE TEMP TABLE run_customers (customer_id INTEGER PRIMARY KEY, source_level INTEGER NOT NULL DEFAULT 0,
              is_new INTEGER NOT NULL DEFAULT 0)
            """)
        if oneRecordEach {
            try connection.execute("""
                INSERT INTO temp.run_customers (customer_id, source_level, is_new)
                SELECT m.customer_id, s.member_level IS NOT NULL, m.is_new
                FROM temp.customer_map m JOIN stg.stg_customers s ON s.staging_id = m.staging_id
                """)
        } else {
            try connection.execute("""
                INSERT INTO temp.run_customers (customer_id, source_level, is_new)
                SELECT m.customer_id, MAX(s.member_level IS NOT NULL), MAX(m.is_new)
                FROM temp.customer_map m JOIN stg.stg_customers s ON s.staging_id = m.staging_id
                GROUP BY m.customer_id
                """)
        }
    }

    /// Derives segments, member levels and next birthdays for the run's customers, inside the
    /// publish transaction and after receipts, so they see what this run loaded.
    ///
    /// The run's customers are those it published and those its receipts link to. Set-based: one
    /// pass over receipts per customer (a visit is a `normal` receipt; spend is net of refunds,
    /// voided receipts count for nothing; receipts after the as-of date are ignored). Rows that
    /// come out the same are left alone, so a re-run over the same inputs changes nothing.
    /// - Parameters:
    ///   - customersWereEmpty: the customers table was empty before this publish, so no customer
    ///     has a derived member level yet.
    ///   - receiptsWereEmpty: the receipts table was empty before this publish, so every receipt
    ///     in it is one of the run's.
    /// - Returns: nil when the pipeline derives nothing (`derive: false`).
    func publishDerived(
        run: SQLiteValue, plan: DerivedFieldsPlan?, customersWereEmpty: Bool = false, receiptsWereEmpty: Bool = false
    ) throws -> DerivedFieldsSummary? {
        defer {
            try? connection.execute("DROP TABLE IF EXISTS temp.run_customers")
            try? connection.execute("DROP TABLE IF EXISTS temp.birthday_guess")
        }
        guard let plan else { return nil }
        try connection.execute("""
            CREATE TEMP TABLE IF NOT EXISTS run_customers (customer_id INTEGER PRIMARY KEY, source_level INTEGER NOT NULL DEFAULT 0,
              is_new INTEGER NOT NULL DEFAULT 0)
            """)
        if receiptsWereEmpty {
            // One walk of the customer index instead of a look-up per staged receipt.
            try connection.execute("""
                INSERT OR IGNORE INTO temp.run_customers (customer_id)
                SELECT DISTINCT customer_id FROM main.receipts WHERE customer_id IS NOT NULL
                """)
        } else if try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM stg.stg_receipt_line_rows)") == 1 {
            try connection.execute("""
                INSERT OR IGNORE INTO temp.run_customers (customer_id)
                SELECT DISTINCT r.customer_id FROM main.receipts r
                JOIN main.stores st ON st.id = r.store_id
                JOIN (SELECT DISTINCT store_code, receipt_no FROM stg.stg_receipt_line_rows) l
                  ON l.store_code = st.code AND l.receipt_no = r.receipt_no
                WHERE r.customer_id IS NOT NULL
                """)
        }
        var summary = DerivedFieldsSummary()
        summary.customersRefreshed = try connection.scalarInt("SELECT COUNT(*) FROM temp.run_customers") ?? 0
        // A level a source gives is the source's, even when it equals the one derived earlier.
        // Customers inserted by this publish have no derived level yet.
        if !customersWereEmpty {
            try connection.execute("""
                UPDATE main.customers SET member_level_derived = 0
                WHERE member_level_derived = 1 AND member_level IS NOT NULL
                  AND id IN (SELECT customer_id FROM temp.run_customers WHERE source_level = 1)
                """)
        }
        let latest = try connection.query(
            "SELECT substr(MAX(sold_at), 1, 10) FROM main.receipts WHERE sold_at IS NOT NULL").first?.first?.text
        let asOf = plan.rules.asOf ?? latest
        summary.asOf = asOf
        if let asOf {
            try collectVisitStats(asOf: asOf, recentDays: plan.rules.segments?.potentialDays ?? 0, readInStorageOrder: receiptsWereEmpty)
            if let segments = plan.rules.segments {
                try replaceSegments(segments, asOf: asOf, run: run, consentRequired: plan.rules.requireProfilingConsent,
                                    summary: &summary)
            }
            if let levels = plan.rules.memberLevels, !levels.isEmpty {
                summary.levelsDerived = try deriveMemberLevels(levels)
            }
            try connection.execute("DROP TABLE temp.visit_stats")
        }
        summary.birthdaysUpdated = try refreshNextBirthdays(onOrAfter: asOf ?? plan.today, nextBirthday: plan.nextBirthday)
        for row in try connection.query("SELECT code, COUNT(*) FROM main.customer_segments GROUP BY code ORDER BY code") {
            summary.segments[row[0].text ?? ""] = row[1].int ?? 0
        }
        for row in try connection.query("""
            SELECT member_level, COUNT(*) FROM main.customers WHERE member_level_derived = 1 GROUP BY member_level ORDER BY 1
            """) {
            summary.derivedLevels[row[0].text ?? ""] = row[1].int ?? 0
        }
        return summary
    }

    /// Per customer with receipts up to the as-of date: days since the first and last visit,
    /// visits and spend in the last 365 days, visits in the last `recentDays`, lifetime spend. All customers, not
    /// only the run's: the high-value cut ranks the whole customer base.
    /// - Parameter readInStorageOrder: read the whole table and sort its rows by customer, rather
    ///   than fetch them one by one in the order of the customer index. Faster when every receipt
    ///   has just been written (a first load: 2.4 to 2.0 s over W2's 1.5 million receipts); a
    ///   periodic import, whose receipts are mostly without a customer, keeps to the index, which
    ///   holds only linked receipts.
    private func collectVisitStats(asOf: String, recentDays: Int, readInStorageOrder: Bool) throws {
        try connection.execute("DROP TABLE IF EXISTS temp.visit_stats")
        try connection.execute("""
            CREATE TEMP TABLE visit_stats AS
            SELECT customer_id,
              MAX(CASE WHEN status = 'normal' THEN ago END) AS first_ago,
              MIN(CASE WHEN status = 'normal' THEN ago END) AS last_ago,
              SUM(status = 'normal') AS visits,
              SUM(CASE WHEN status = 'normal' AND ago <= 365 THEN 1 ELSE 0 END) AS visits_365,
              SUM(CASE WHEN status <> 'void' AND ago <= 365 THEN total_fen ELSE 0 END) AS spend_365,
              SUM(CASE WHEN status = 'normal' AND ago <= ?2 THEN 1 ELSE 0 END) AS visits_recent,
              SUM(CASE WHEN status <> 'void' THEN total_fen ELSE 0 END) AS lifetime_fen
            FROM (SELECT customer_id, status, total_fen,
                    CAST(julianday(?1) - julianday(substr(sold_at, 1, 10)) AS INTEGER) AS ago
                  FROM main.receipts\(readInStorageOrder ? " NOT INDEXED" : "")
                  WHERE customer_id IS NOT NULL AND sold_at IS NOT NULL AND substr(sold_at, 1, 10) <= ?1)
            GROUP BY customer_id
            """, [.text(asOf), .int(Int64(recentDays))])
    }

    /// Computes the run's customers' segments and replaces their rows where they differ.
    ///
    /// seg.high_value: customers with spend in the last 365 days are ranked by it; a customer is
    /// in the top share when fewer than `highValueTop × spenders` customers spent strictly more, so
    /// customers tied at the cut are all in (a tie is never split). The share is compared in
    /// millionths, exactly, rather than in floating point.
    private func replaceSegments(
        _ rules: DerivedFieldRules.SegmentRules, asOf: String, run: SQLiteValue, consentRequired: Bool,
        summary: inout DerivedFieldsSummary
    ) throws {
        try connection.execute("DROP TABLE IF EXISTS temp.derived_segments")
        try connection.execute("CREATE TEMP TABLE derived_segments (customer_id INTEGER NOT NULL, code TEXT NOT NULL)")
        let consent = consentRequired ? "AND c.profiling_consent = 1" : ""
        // The high-value set once, as a table: referenced from a CTE it would be ranked again
        // for every customer.
        try connection.execute("DROP TABLE IF EXISTS temp.high_value")
        try connection.execute("""
            CREATE TEMP TABLE high_value AS
            SELECT r.customer_id FROM (
              SELECT customer_id, visits_365, RANK() OVER (ORDER BY spend_365 DESC) AS place, COUNT(*) OVER () AS spenders
              FROM temp.visit_stats WHERE spend_365 > 0) r
            WHERE (r.place - 1) * 1000000 < ?1 * r.spenders AND r.visits_365 >= ?2
            """, [.int(Int64((rules.highValueTop * 1_000_000).rounded())), .int(Int64(rules.highValueMinVisits))])
        try connection.execute("CREATE UNIQUE INDEX temp.high_value_by_customer ON high_value (customer_id)")
        try connection.execute("""
            INSERT INTO temp.derived_segments (customer_id, code)
            SELECT s.customer_id, seg.code FROM (
              SELECT v.*, EXISTS (SELECT 1 FROM temp.high_value h WHERE h.customer_id = v.customer_id) AS is_high
              FROM temp.visit_stats v JOIN temp.run_customers rc ON rc.customer_id = v.customer_id
              JOIN main.customers c ON c.id = v.customer_id
              WHERE v.visits > 0 \(consent)) s
            JOIN (SELECT 'seg.new' AS code UNION ALL SELECT 'seg.dormant' UNION ALL SELECT 'seg.high_value'
                  UNION ALL SELECT 'seg.potential') seg
              ON (seg.code = 'seg.new' AND s.first_ago <= ?1) OR (seg.code = 'seg.dormant' AND s.last_ago > ?2)
              OR (seg.code = 'seg.high_value' AND s.is_high)
              OR (seg.code = 'seg.potential' AND NOT s.is_high AND s.visits_recent >= ?3)
            """,
            [.int(Int64(rules.newDays)), .int(Int64(rules.dormantDays)), .int(Int64(rules.potentialVisits))])
        try connection.execute("DROP TABLE temp.high_value")
        // The replacement below looks up each existing segment row here: without an index that
        // was a scan of every derived row per existing row, and a re-run of W2 (300,000 customers
        // with segments) spent 504 s in it.
        try connection.execute("CREATE INDEX temp.derived_segments_by_customer ON derived_segments (customer_id, code)")
        if consentRequired {
            summary.withoutProfilingConsent = try connection.scalarInt("""
                SELECT COUNT(*) FROM temp.run_customers rc JOIN main.customers c ON c.id = rc.customer_id
                WHERE c.profiling_consent IS NOT 1
                """) ?? 0
        }
        try connection.execute("""
            DELETE FROM main.customer_segments
            WHERE customer_id IN (SELECT customer_id FROM temp.run_customers)
              AND (as_of IS NOT ?1 OR NOT EXISTS (
                SELECT 1 FROM temp.derived_segments d WHERE d.customer_id = customer_segments.customer_id
                  AND d.code = customer_segments.code))
            """, [.text(asOf)])
        summary.segmentRowsDeleted = connection.changes
        try connection.execute("""
            INSERT OR IGNORE INTO main.customer_segments (customer_id, code, as_of, run_id)
            SELECT customer_id, code, ?1, ?2 FROM temp.derived_segments ORDER BY customer_id, code
            """, [.text(asOf), run])
        summary.segmentRowsInserted = connection.changes
        try connection.execute("DROP TABLE temp.derived_segments")
    }

    /// Sets the level reached by lifetime spend on the run's customers who have visits and no
    /// level from a source (none at all, or one derived before). A source level is never touched.
    /// - Returns: customers whose level was set or changed.
    private func deriveMemberLevels(_ levels: [DerivedFieldRules.MemberLevelThreshold]) throws -> Int64 {
        let ordered = levels.sorted { $0.fromFen > $1.fromFen }
        var arguments: [SQLiteValue] = []
        var cases = ""
        for level in ordered {
            cases += " WHEN v.lifetime_fen >= ?\(arguments.count + 1) THEN ?\(arguments.count + 2)"
            arguments += [.int(level.fromFen), .text(level.level)]
        }
        try connection.execute("DROP TABLE IF EXISTS temp.derived_levels")
        try connection.execute("""
            CREATE TEMP TABLE derived_levels AS
            SELECT v.customer_id, CASE\(cases) END AS level
            FROM temp.visit_stats v JOIN temp.run_customers rc ON rc.customer_id = v.customer_id
            WHERE v.visits > 0 AND rc.source_level = 0
            """, arguments)
        try connection.execute("""
            UPDATE main.customers SET member_level = d.level, member_level_derived = 1
            FROM temp.derived_levels d
            WHERE customers.id = d.customer_id AND d.level IS NOT NULL
              AND (customers.member_level IS NULL OR customers.member_level_derived = 1)
              AND (customers.member_level IS NOT d.level OR customers.member_level_derived = 0)
            """)
        let changed = connection.changes
        try connection.execute("DROP TABLE temp.derived_levels")
        return changed
    }

    /// `temp.birthday_guess`: the staged customers' next birthdays (`BirthdayGuess`), for the
    /// customer insert to write with each new row; empty when the pipeline derives nothing.
    func createBirthdayGuess(_ plan: DerivedFieldsPlan?) throws {
        let latest = try connection.query(
            "SELECT substr(MAX(sold_at), 1, 10) FROM main.receipts WHERE sold_at IS NOT NULL").first?.first?.text
        let guess = try BirthdayGuess(plan: plan, staging: connection, prefix: "stg.", latestInDatabase: latest)
        try connection.execute("DROP TABLE IF EXISTS temp.birthday_guess")
        try connection.execute("""
            CREATE TEMP TABLE birthday_guess (calendar TEXT NOT NULL, month_day TEXT NOT NULL, leap INTEGER NOT NULL,
              next TEXT, PRIMARY KEY (calendar, month_day, leap))
            """)
        let insert = try connection.prepare("INSERT INTO temp.birthday_guess (calendar, month_day, leap, next) VALUES (?1, ?2, ?3, ?4)")
        for row in guess.rows {
            try insert.run([.text(row.calendar), .text(row.monthDay), .int(row.leap), row.next.map(SQLiteValue.text) ?? .null])
        }
    }

    /// Sets birthday_next for the run's customers with a birthday. The calendar math runs once
    /// per distinct birthday (at most a few hundred), then one UPDATE joins it back.
    /// Customers this run created were written with a guess (`createBirthdayGuess`) that is
    /// corrected here when it was wrong; they count as changed when they have a next birthday, as
    /// when they were written without one.
    /// - Returns: customers whose birthday_next changed.
    private func refreshNextBirthdays(
        onOrAfter start: String, nextBirthday: @Sendable (BirthdayKey, String) -> String?
    ) throws -> Int64 {
        try connection.execute("DROP TABLE IF EXISTS temp.next_birthdays")
        try connection.execute("""
            CREATE TEMP TABLE next_birthdays (calendar TEXT NOT NULL, month_day TEXT NOT NULL, leap INTEGER NOT NULL,
              next TEXT, PRIMARY KEY (calendar, month_day, leap))
            """)
        // When every run customer is new (a first load), their birthdays are the staged ones, whose
        // keys the guess already holds: no scan of the customers for them (0.3 s at a million).
        let guessed = try connection.scalarInt("SELECT COUNT(*) FROM sqlite_temp_master WHERE name = 'birthday_guess'") == 1
        let onlyNew = try guessed && connection.scalarInt("SELECT EXISTS (SELECT 1 FROM temp.run_customers WHERE is_new = 0)") == 0
        let keys = try connection.query(onlyNew ? "SELECT calendar, month_day, leap FROM temp.birthday_guess" : """
            SELECT DISTINCT c.birthday_calendar, substr(c.birthday, -5), c.birthday_leap_month
            FROM main.customers c JOIN temp.run_customers rc ON rc.customer_id = c.id WHERE c.birthday IS NOT NULL
            """)
        let insert = try connection.prepare("INSERT INTO temp.next_birthdays (calendar, month_day, leap, next) VALUES (?1, ?2, ?3, ?4)")
        for row in keys {
            guard let calendar = row[0].text, let monthDay = row[1].text else { continue }
            let next = BirthdayKey(calendar: calendar, monthDay: monthDay, isLeapMonth: row[2].int == 1).flatMap { nextBirthday($0, start) }
            try insert.run([.text(calendar), .text(monthDay), row[2], next.map(SQLiteValue.text) ?? .null])
        }
        let update = """
            UPDATE main.customers SET birthday_next = n.next
            FROM temp.run_customers rc, temp.next_birthdays n
            WHERE customers.id = rc.customer_id AND customers.birthday IS NOT NULL
              AND n.calendar = customers.birthday_calendar AND n.month_day = substr(customers.birthday, -5)
              AND n.leap = customers.birthday_leap_month AND customers.birthday_next IS NOT n.next
            """
        var changed: Int64 = 0
        if !onlyNew {
            try connection.execute(update + " AND rc.is_new = 0")
            changed = connection.changes
        }
        // The guess was right for every birthday this run's new customers have, unless a key's
        // guessed date differs from the one computed now (another as-of date).
        let guessWrong = try !guessed || connection.scalarInt("""
            SELECT EXISTS (SELECT 1 FROM temp.birthday_guess g JOIN temp.next_birthdays n USING (calendar, month_day, leap)
                           WHERE g.next IS NOT n.next)
            """) == 1
        if guessWrong { try connection.execute(update + " AND rc.is_new = 1") }
        // New customers have the ids from the run's first new one up (chat customers after them
        // have no birthday); counted on the partial index, which holds only customers with a next
        // birthday, rather than by reading every new customer's row.
        if let firstNew = try connection.scalarInt("SELECT MIN(customer_id) FROM temp.run_customers WHERE is_new = 1") {
            let indexed = try connection.scalarInt(
                "SELECT COUNT(*) FROM main.sqlite_master WHERE type = 'index' AND name = 'customers_by_birthday_next'") == 1
            changed += try connection.scalarInt("""
                SELECT COUNT(*) FROM main.customers \(indexed ? "INDEXED BY customers_by_birthday_next" : "")
                WHERE birthday_next IS NOT NULL AND id >= ?1
                """, [.int(firstNew)]) ?? 0
        }
        try connection.execute("DROP TABLE temp.next_birthdays")
        return changed
    }
}
