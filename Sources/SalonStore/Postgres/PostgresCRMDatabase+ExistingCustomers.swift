import SalonCore

/// The match against customers already in the database on PostgreSQL, as `CRMDatabase`'s
/// (CRMDatabase+ExistingCustomers.swift): the same candidate pairs, the same decisions
/// (`ExistingCustomerMatch`), the same merge rows, review items and snapshots.
extension PostgresCRMDatabase {
    /// Decides the staged customers that must be compared with the database and applies the
    /// decisions to `customer_map`; leaves `db_matches` (emptied at commit) for the rows that
    /// record them.
    func matchExistingCustomers(rule: MatchRule) throws {
        try connection.createSessionTable(ExistingCustomerMatch.tableDefinition)
        guard try connection.scalarInt("SELECT CASE WHEN EXISTS (SELECT 1 FROM customers) THEN 1 ELSE 0 END") == 1 else { return }
        // A record whose customer a person merged into the one its key names goes through that
        // customer, so `redirectMergedAway` keeps its values from overwriting the survivor's.
        try connection.execute("""
            UPDATE customer_map m SET customer_id = g.merged_customer_id
            FROM stg_customers s, merges g
            WHERE s.staging_id = m.staging_id AND g.source_id = s.source_id AND g.source_file = s.source_file
              AND g.record_key = s.record_key AND g.status = 'active' AND g.merged_customer_id IS NOT NULL
              AND g.survivor_customer_id = m.customer_id
            """, [])
        try connection.execute("""
            CREATE TEMP TABLE db_match_open ON COMMIT DROP AS
            SELECT m.staging_id FROM customer_map m JOIN stg_customers s ON s.staging_id = m.staging_id
            WHERE \(ExistingCustomerMatch.openCondition(main: ""))
            """)
        let pairs = try connection.query("""
            SELECT x.staging_id, c.id, x.block, s.surname, s.given_name, s.birthday, s.birthday_calendar, s.gender, s.store_code,
              c.surname, c.given_name, c.birthday, c.birthday_calendar, c.gender, st.code, ph.phones, s.source_file, s.record_key
            FROM (
              SELECT DISTINCT sp.staging_id, p.customer_id, 'phone' AS block
              FROM db_match_open o JOIN stg_phones sp ON sp.staging_id = o.staging_id
              JOIN customer_phones p ON p.e164 = sp.e164_blind
              WHERE sp.kind <> 'toll_free'
              UNION
              SELECT o.staging_id, c.id, 'name+birthday'
              FROM db_match_open o JOIN stg_customers r ON r.staging_id = o.staging_id
              JOIN customers c ON c.surname = r.surname AND c.given_name = r.given_name AND c.birthday = r.birthday
                AND c.birthday_calendar = r.birthday_calendar
              WHERE r.birthday NOT LIKE '-%'
                AND NOT EXISTS (SELECT 1 FROM stg_phones sp WHERE sp.staging_id = o.staging_id AND sp.kind <> 'toll_free')
            ) x
            JOIN stg_customers s ON s.staging_id = x.staging_id
            JOIN customers c ON c.id = x.customer_id AND c.merged_into_customer_id IS NULL
              AND NOT (c.source_id = s.source_id AND c.source_file = s.source_file AND c.record_key = s.record_key)
            LEFT JOIN stores st ON st.id = c.home_store_id
            LEFT JOIN (
              SELECT staging_id, string_agg(e164 || chr(31) || kind || chr(31) || COALESCE(original, ''), chr(30) ORDER BY row_order) AS phones
              FROM stg_phones WHERE staging_id IN (SELECT staging_id FROM db_match_open) GROUP BY staging_id
            ) ph ON ph.staging_id = x.staging_id
            ORDER BY x.staging_id, c.id, x.block
            """)
        let decisions = ExistingCustomerMatch.decide(pairs: pairs, rule: rule, keys: keyRing)
        guard !decisions.isEmpty else { return }
        try connection.copy("COPY db_matches FROM STDIN") { writer in
            for decision in decisions {
                for field in decision.fields { writer.field(field) }
                try writer.endRow()
            }
        }
        try connection.execute("""
            UPDATE customer_map m SET customer_id = d.customer_id FROM db_matches d WHERE d.staging_id = m.staging_id AND d.merges = 1
            """, [])
        try connection.execute("""
            UPDATE customer_map m SET fresh_key = \(ExistingCustomerMatch.recordKeySQL)
            FROM stg_customers s, db_matches d
            WHERE s.staging_id = m.staging_id AND d.staging_id = m.staging_id AND d.merges = 0 AND m.customer_id IS NOT NULL
            """, [])
        try connection.execute("""
            UPDATE customer_map m SET customer_id = (SELECT c.id FROM customers c WHERE c.customer_key = m.fresh_key)
            WHERE fresh_key IS NOT NULL
            """, [])
    }

    /// The merge rows and review items of the decisions; returns (merges, review items) inserted.
    func publishExistingCustomerMatches(run: String) throws -> (merges: Int64, reviews: Int64) {
        let merges = try connection.execute("""
            INSERT INTO merges (survivor_customer_id, source_id, source_file, record_key, reason, matched_on, run_id, score, explanation)
            SELECT m.customer_id, s.source_id, s.source_file, s.record_key, d.reason, d.matched_on, $1, d.score, d.explanation
            FROM db_matches d JOIN stg_customers s ON s.staging_id = d.staging_id JOIN customer_map m ON m.staging_id = d.staging_id
            WHERE d.merges = 1
            ORDER BY d.staging_id
            ON CONFLICT DO NOTHING
            """, [run])
        let reviews = try connection.execute("""
            INSERT INTO review_queue (customer_id, other_customer_id, reason, detail, run_id, score, explanation)
            SELECT m.customer_id, d.customer_id, d.reason, d.detail, $1, d.score, d.explanation
            FROM db_matches d JOIN customer_map m ON m.staging_id = d.staging_id
            WHERE d.merges = 0 AND m.customer_id <> d.customer_id
            ORDER BY d.staging_id
            ON CONFLICT DO NOTHING
            """, [run])
        return (merges, reviews)
    }

    /// Each merged staged customer's own values beside its merge row, as on SQLite.
    func snapshotExistingCustomerMerges(run: String) throws {
        let fields = CRMDatabase.snapshotFields
        try connection.execute("""
            INSERT INTO merge_snapshots (customer_id, role, merge_id, \(fields), home_store_id, phones,
              card_balance_fen, source_id, source_file, record_key, run_id)
            SELECT g.survivor_customer_id, 'merged', g.id, \(CRMDatabase.prefixed(fields, "o")),
              (SELECT id FROM stores WHERE code = o.store_code), d.phones, o.card_balance_fen, s.source_id, s.source_file,
              s.record_key, $1
            FROM db_matches d JOIN stg_customers s ON s.staging_id = d.staging_id
            JOIN (\(CRMDatabase.ownValuesSQL(staging: "", matches: "db_matches"))) o ON o.staging_id = d.staging_id
            JOIN merges g ON g.source_id = s.source_id AND g.source_file = s.source_file AND g.record_key = s.record_key
              AND g.status = 'active' AND g.survivor_customer_id = d.customer_id
            WHERE d.merges = 1
            ORDER BY g.id
            ON CONFLICT DO NOTHING
            """, [run])
    }
}
