import SalonCore

extension PostgresCRMDatabase {
    /// Derives segments, member levels and next birthdays for the run's customers with the rules
    /// of `CRMDatabase.publishDerived`, inside the publish transaction and after receipts. The
    /// run's customers are read from `customer_map`, which lives until the commit.
    /// - Returns: nil when the pipeline derives nothing (`derive: false`).
    /// - Parameter customersWereEmpty: the customers table was empty before this publish, so no
    ///   customer has a derived level to clear.
    func publishDerived(run: String, plan: DerivedFieldsPlan?, customersWereEmpty: Bool = false) throws -> DerivedFieldsSummary? {
        guard let plan else { return nil }
        // The run's customers and the customers of the receipts it staged, once each; a customer
        // in both keeps the run's level flag.
        try connection.fillSessionTable("run_customers", with: """
            SELECT customer_id, MAX(source_level) AS source_level, bool_or(is_new) AS is_new FROM (
              SELECT m.customer_id, CASE WHEN s.member_level IS NOT NULL THEN 1 ELSE 0 END AS source_level, m.is_new
              FROM customer_map m JOIN stg_customers s ON s.staging_id = m.staging_id
              UNION ALL
              SELECT r.customer_id, 0, false FROM receipts r
              JOIN stores st ON st.id = r.store_id
              JOIN (SELECT DISTINCT store_code, receipt_no FROM stg_receipt_lines) l
                ON l.store_code = st.code AND l.receipt_no = r.receipt_no
              WHERE r.customer_id IS NOT NULL
            ) x
            GROUP BY customer_id
            """)
        var summary = DerivedFieldsSummary()
        summary.customersRefreshed = try connection.scalarInt("SELECT COUNT(*) FROM run_customers") ?? 0
        // A level a source gives is the source's, even when it equals the one derived earlier.
        // Customers inserted by this publish have no derived level yet.
        if !customersWereEmpty {
            try connection.execute("""
                UPDATE customers SET member_level_derived = 0
                WHERE member_level_derived = 1 AND member_level IS NOT NULL
                  AND id IN (SELECT customer_id FROM run_customers WHERE source_level = 1)
                """, [])
        }
        let latest = try connection.query("SELECT substr(MAX(sold_at), 1, 10) FROM receipts WHERE sold_at IS NOT NULL").first?.first ?? nil
        let asOf = plan.rules.asOf ?? latest
        summary.asOf = asOf
        if let asOf {
            try collectVisitStats(asOf: asOf, recentDays: plan.rules.segments?.potentialDays ?? 0)
            if let segments = plan.rules.segments {
                try replaceSegments(segments, asOf: asOf, run: run, consentRequired: plan.rules.requireProfilingConsent,
                                    summary: &summary)
            }
            if let levels = plan.rules.memberLevels, !levels.isEmpty {
                summary.levelsDerived = try deriveMemberLevels(levels)
            }
        }
        summary.birthdaysUpdated = try refreshNextBirthdays(run: run, onOrAfter: asOf ?? plan.today, nextBirthday: plan.nextBirthday)
        for row in try connection.query("SELECT code, COUNT(*) FROM customer_segments GROUP BY code ORDER BY code") {
            summary.segments[row[0] ?? ""] = row[1].flatMap { Int64($0) } ?? 0
        }
        for row in try connection.query("""
            SELECT member_level, COUNT(*) FROM customers WHERE member_level_derived = 1 GROUP BY member_level ORDER BY 1
            """) {
            summary.derivedLevels[row[0] ?? ""] = row[1].flatMap { Int64($0) } ?? 0
        }
        return summary
    }

    /// Per customer with receipts up to the as-of date, as `CRMDatabase.collectVisitStats`.
    private func collectVisitStats(asOf: String, recentDays: Int) throws {
        try connection.fillSessionTable("visit_stats", with: """
            SELECT customer_id,
              MAX(CASE WHEN status = 'normal' THEN ago END) AS first_ago,
              MIN(CASE WHEN status = 'normal' THEN ago END) AS last_ago,
              COUNT(*) FILTER (WHERE status = 'normal') AS visits,
              COUNT(*) FILTER (WHERE status = 'normal' AND ago <= 365) AS visits_365,
              CAST(SUM(CASE WHEN status <> 'void' AND ago <= 365 THEN total_fen ELSE 0 END) AS BIGINT) AS spend_365,
              COUNT(*) FILTER (WHERE status = 'normal' AND ago <= $2::integer) AS visits_recent,
              CAST(SUM(CASE WHEN status <> 'void' THEN total_fen ELSE 0 END) AS BIGINT) AS lifetime_fen
            FROM (SELECT customer_id, status, total_fen, CAST($1::text AS date) - CAST(substr(sold_at, 1, 10) AS date) AS ago
                  FROM receipts
                  WHERE customer_id IS NOT NULL AND sold_at IS NOT NULL AND substr(sold_at, 1, 10) <= $1::text) r
            GROUP BY customer_id
            """, parameters: [asOf, String(recentDays)])
    }

    /// The run's customers' segments, replaced where they differ (`CRMDatabase.replaceSegments`).
    private func replaceSegments(
        _ rules: DerivedFieldRules.SegmentRules, asOf: String, run: String, consentRequired: Bool,
        summary: inout DerivedFieldsSummary
    ) throws {
        let consent = consentRequired ? "AND c.profiling_consent = 1" : ""
        try connection.fillSessionTable("high_value", with: """
            SELECT r.customer_id FROM (
              SELECT customer_id, visits_365, RANK() OVER (ORDER BY spend_365 DESC) AS place, COUNT(*) OVER () AS spenders
              FROM visit_stats WHERE spend_365 > 0) r
            WHERE (r.place - 1) * 1000000 < $1::bigint * r.spenders AND r.visits_365 >= $2::bigint
            """, parameters: [String(Int64((rules.highValueTop * 1_000_000).rounded())), String(rules.highValueMinVisits)])
        try connection.fillSessionTable("derived_segments", with: """
            SELECT s.customer_id, seg.code FROM (
              SELECT v.*, EXISTS (SELECT 1 FROM high_value h WHERE h.customer_id = v.customer_id) AS is_high
              FROM visit_stats v JOIN run_customers rc ON rc.customer_id = v.customer_id
              JOIN customers c ON c.id = v.customer_id
              WHERE v.visits > 0 \(consent)) s
            JOIN (VALUES ('seg.new'), ('seg.dormant'), ('seg.high_value'), ('seg.potential')) AS seg (code)
              ON (seg.code = 'seg.new' AND s.first_ago <= $1::integer) OR (seg.code = 'seg.dormant' AND s.last_ago > $2::integer)
              OR (seg.code = 'seg.high_value' AND s.is_high)
              OR (seg.code = 'seg.potential' AND NOT s.is_high AND s.visits_recent >= $3::integer)
            """, parameters: [String(rules.newDays), String(rules.dormantDays), String(rules.potentialVisits)],
            // The replacement below looks up each existing segment row here, from inside an OR,
            // which PostgreSQL runs as a subplan per row: without the index a re-run of W2 scanned
            // every derived row for each of 300,000 existing ones (stopped after 9 minutes).
            indexes: ["CREATE INDEX IF NOT EXISTS derived_segments_by_customer ON derived_segments (customer_id, code)"])
        if consentRequired {
            summary.withoutProfilingConsent = try connection.scalarInt("""
                SELECT COUNT(*) FROM run_customers rc JOIN customers c ON c.id = rc.customer_id
                WHERE c.profiling_consent IS DISTINCT FROM 1
                """) ?? 0
        }
        summary.segmentRowsDeleted = try connection.execute("""
            DELETE FROM customer_segments cs
            WHERE cs.customer_id IN (SELECT customer_id FROM run_customers)
              AND (cs.as_of IS DISTINCT FROM $1 OR NOT EXISTS (
                SELECT 1 FROM derived_segments d WHERE d.customer_id = cs.customer_id AND d.code = cs.code))
            """, [asOf])
        summary.segmentRowsInserted = try connection.execute("""
            INSERT INTO customer_segments (customer_id, code, as_of, run_id)
            SELECT customer_id, code, $1, $2 FROM derived_segments ORDER BY customer_id, code
            ON CONFLICT DO NOTHING
            """, [asOf, run])
    }

    /// The level reached by lifetime spend, as `CRMDatabase.deriveMemberLevels`.
    private func deriveMemberLevels(_ levels: [DerivedFieldRules.MemberLevelThreshold]) throws -> Int64 {
        var arguments: [String?] = []
        var cases = ""
        for level in levels.sorted(by: { $0.fromFen > $1.fromFen }) {
            cases += " WHEN v.lifetime_fen >= $\(arguments.count + 1)::bigint THEN $\(arguments.count + 2)::text"
            arguments += [String(level.fromFen), level.level]
        }
        return try connection.execute("""
            UPDATE customers c SET member_level = d.level, member_level_derived = 1
            FROM (SELECT v.customer_id, CASE\(cases) END AS level
                  FROM visit_stats v JOIN run_customers rc ON rc.customer_id = v.customer_id
                  WHERE v.visits > 0 AND rc.source_level = 0) d
            WHERE c.id = d.customer_id AND d.level IS NOT NULL
              AND (c.member_level IS NULL OR c.member_level_derived = 1)
              AND (c.member_level IS DISTINCT FROM d.level OR c.member_level_derived = 0)
            """, arguments)
    }

    /// birthday_next for the run's customers with a birthday: the calendar math once per
    /// distinct birthday, then one UPDATE.
    /// Customers this run created carry a guess written with their row (`BirthdayGuess`), corrected
    /// here when wrong, and count as changed when they have a next birthday.
    private func refreshNextBirthdays(
        run: String, onOrAfter start: String, nextBirthday: @Sendable (BirthdayKey, String) -> String?
    ) throws -> Int64 {
        try connection.createSessionTable("""
            next_birthdays (calendar TEXT NOT NULL, month_day TEXT NOT NULL, leap INTEGER NOT NULL,
              next TEXT, PRIMARY KEY (calendar, month_day, leap))
            """)
        // When every run customer is new (a first load), their birthdays are the staged ones, whose
        // keys the guess already holds: no scan of the customers for them (0.25 s at 200,000).
        let onlyNew = try connection.scalarInt(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM run_customers WHERE NOT is_new) THEN 0 ELSE 1 END") == 1
        let keys = try connection.query(onlyNew ? "SELECT calendar, month_day, leap FROM birthday_guess" : """
            SELECT DISTINCT c.birthday_calendar, right(c.birthday, 5), c.birthday_leap_month
            FROM customers c JOIN run_customers rc ON rc.customer_id = c.id WHERE c.birthday IS NOT NULL
            """)
        // One COPY for the few hundred keys: a statement each was a round trip each.
        try connection.copy("COPY next_birthdays (calendar, month_day, leap, next) FROM STDIN") { writer in
            for row in keys {
                guard let calendar = row[0], let monthDay = row[1] else { continue }
                let next = BirthdayKey(calendar: calendar, monthDay: monthDay, isLeapMonth: row[2] == "1").flatMap { nextBirthday($0, start) }
                for field in [calendar, monthDay, row[2], next] { writer.field(field) }
                try writer.endRow()
            }
        }
        let update = """
            UPDATE customers c SET birthday_next = n.next
            FROM run_customers rc, next_birthdays n
            WHERE c.id = rc.customer_id AND c.birthday IS NOT NULL
              AND n.calendar = c.birthday_calendar AND n.month_day = right(c.birthday, 5)
              AND n.leap = c.birthday_leap_month AND c.birthday_next IS DISTINCT FROM n.next
            """
        let changedExisting = onlyNew ? 0 : try connection.execute(update + " AND NOT rc.is_new", [])
        // New customers were written with a guess (`BirthdayGuess`); it was right unless a key's
        // guessed date differs from the one computed now.
        let guessWrong = try connection.scalarInt("""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM birthday_guess g JOIN next_birthdays n USING (calendar, month_day, leap)
                                     WHERE g.next IS DISTINCT FROM n.next) THEN 1 ELSE 0 END
            """) == 1
        if guessWrong { _ = try connection.execute(update + " AND rc.is_new", []) }
        let created = try connection.scalarInt("""
            SELECT COUNT(*) FROM customers WHERE created_run_id = $1 AND birthday IS NOT NULL AND birthday_next IS NOT NULL
            """, [run]) ?? 0
        return changedExisting + created
    }
}
