import SalonCore

/// The publish step's match against customers already in the database (see
/// `ExistingCustomerMatch`): scored and explained like a match within the run, merged with a
/// `merges` row or sent to review, never folded in silently.
extension CRMDatabase {
    /// The staging indexes the match against existing customers reads by; `schema` is "stg." when
    /// staging is attached, "" on staging's own connection.
    static func stagingIndexes(schema: String) -> [String] {
        [
            "CREATE INDEX IF NOT EXISTS \(schema)stg_phone_rows_by_staging ON stg_phone_rows (staging_id)",
            "CREATE INDEX IF NOT EXISTS \(schema)stg_card_rows_by_staging ON stg_card_rows (staging_id)",
        ]
    }

    /// Builds the match's staging indexes through the run's staging connection when the database
    /// holds customers to match (a first load needs none), so the publish itself only reads staging.
    public func prepareStaging(_ staging: SQLiteConnection) throws {
        guard try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM main.customers)") == 1 else { return }
        for sql in Self.stagingIndexes(schema: "") { try staging.execute(sql) }
    }

    /// Compares the staged customers `ExistingCustomerMatch.openCondition` selects with the
    /// customers sharing a phone (blind index) or, without a usable phone, a full name and
    /// birthday, and applies the decisions to `temp.customer_map`: a merge maps the staged customer
    /// onto the existing one; a review item leaves it new, under its record's key when its own key
    /// names the customer it was compared with. Leaves `temp.db_matches` for the merge and review
    /// rows. Costs nothing on a first load: there is no customer to compare with.
    func matchExistingCustomers(rule: MatchRule) throws {
        try connection.execute("DROP TABLE IF EXISTS temp.db_matches")
        try connection.execute("CREATE TEMP TABLE \(ExistingCustomerMatch.tableDefinition)")
        guard try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM main.customers)") == 1 else { return }
        // Built already when the runner prepared staging (`prepareStaging`); then these are no-ops.
        for sql in Self.stagingIndexes(schema: "stg.") { try connection.execute(sql) }
        // A record whose customer a person merged into the one its key names goes through that
        // customer, so `redirectMergedAway` keeps its values from overwriting the survivor's.
        try connection.execute("""
            UPDATE temp.customer_map SET customer_id = g.merged_customer_id
            FROM stg.stg_customers s, main.merges g
            WHERE s.staging_id = temp.customer_map.staging_id AND g.source_id = s.source_id AND g.source_file = s.source_file
              AND g.record_key = s.record_key AND g.status = 'active' AND g.merged_customer_id IS NOT NULL
              AND g.survivor_customer_id = temp.customer_map.customer_id
            """)
        try connection.execute("DROP TABLE IF EXISTS temp.db_match_open")
        try connection.execute("CREATE TEMP TABLE db_match_open (staging_id INTEGER PRIMARY KEY)")
        try connection.execute("""
            INSERT INTO temp.db_match_open (staging_id)
            SELECT m.staging_id FROM temp.customer_map m JOIN stg.stg_customers s ON s.staging_id = m.staging_id
            WHERE \(ExistingCustomerMatch.openCondition(main: "main."))
            """)
        let pairs = try connection.query("""
            SELECT x.staging_id, c.id, x.block, s.surname, s.given_name, s.birthday, s.birthday_calendar, s.gender, s.store_code,
              c.surname, c.given_name, c.birthday, c.birthday_calendar, c.gender, st.code,
              (SELECT group_concat(e164 || char(31) || kind || char(31) || COALESCE(original, ''), char(30))
               FROM (SELECT e164, kind, original FROM stg.stg_phone_rows WHERE staging_id = x.staging_id ORDER BY rowid)),
              s.source_file, s.record_key
            FROM (
              SELECT DISTINCT sp.staging_id, p.customer_id, 'phone' AS block
              FROM temp.db_match_open o JOIN stg.stg_phone_rows sp ON sp.staging_id = o.staging_id
              JOIN main.customer_phones p ON p.e164 = salon_blind(sp.e164)
              WHERE sp.kind <> 'toll_free'
              UNION
              SELECT o.staging_id, c.id, 'name+birthday'
              FROM temp.db_match_open o JOIN stg.stg_customer_rows r ON r.staging_id = o.staging_id
              JOIN main.customers c ON c.surname = r.surname AND c.given_name = r.given_name AND c.birthday = r.birthday
                AND c.birthday_calendar = r.birthday_calendar
              WHERE r.birthday NOT LIKE '-%'
                AND NOT EXISTS (SELECT 1 FROM stg.stg_phone_rows sp WHERE sp.staging_id = o.staging_id AND sp.kind <> 'toll_free')
            ) x
            JOIN stg.stg_customers s ON s.staging_id = x.staging_id
            JOIN main.customers c ON c.id = x.customer_id AND c.merged_into_customer_id IS NULL
              AND NOT (c.source_id = s.source_id AND c.source_file = s.source_file AND c.record_key = s.record_key)
            LEFT JOIN main.stores st ON st.id = c.home_store_id
            ORDER BY x.staging_id, c.id, x.block
            """).map { $0.map(\.text) }
        try connection.execute("DROP TABLE temp.db_match_open")
        let decisions = ExistingCustomerMatch.decide(pairs: pairs, rule: rule, keys: keyRing)
        guard !decisions.isEmpty else { return }
        let insert = try connection.prepare("INSERT INTO temp.db_matches VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        for decision in decisions {
            try insert.run(decision.fields.map { $0.map(SQLiteValue.text) ?? .null })
        }
        try connection.execute("""
            UPDATE temp.customer_map SET customer_id = d.customer_id
            FROM temp.db_matches d WHERE d.staging_id = temp.customer_map.staging_id AND d.merges = 1
            """)
        try connection.execute("""
            UPDATE temp.customer_map SET fresh_key = (
              SELECT \(ExistingCustomerMatch.recordKeySQL) FROM stg.stg_customers s WHERE s.staging_id = temp.customer_map.staging_id)
            WHERE customer_id IS NOT NULL AND staging_id IN (SELECT staging_id FROM temp.db_matches WHERE merges = 0)
            """)
        try connection.execute("""
            UPDATE temp.customer_map SET customer_id = (SELECT c.id FROM main.customers c WHERE c.customer_key = temp.customer_map.fresh_key)
            WHERE fresh_key IS NOT NULL
            """)
    }

    /// The merge rows and review items of the decisions, once the new customers have ids; returns
    /// (merges, review items) inserted.
    func publishExistingCustomerMatches(run: SQLiteValue) throws -> (merges: Int64, reviews: Int64) {
        try connection.execute("""
            INSERT OR IGNORE INTO main.merges (survivor_customer_id, source_id, source_file, record_key, reason, matched_on, run_id,
              score, explanation)
            SELECT m.customer_id, s.source_id, s.source_file, s.record_key, d.reason, d.matched_on, ?1, d.score, d.explanation
            FROM temp.db_matches d JOIN stg.stg_customers s ON s.staging_id = d.staging_id
            JOIN temp.customer_map m ON m.staging_id = d.staging_id
            WHERE d.merges = 1
            ORDER BY d.staging_id
            """, [run])
        let merges = connection.changes
        try connection.execute("""
            INSERT OR IGNORE INTO main.review_queue (customer_id, other_customer_id, reason, detail, run_id, score, explanation)
            SELECT m.customer_id, d.customer_id, d.reason, d.detail, ?1, d.score, d.explanation
            FROM temp.db_matches d JOIN temp.customer_map m ON m.staging_id = d.staging_id
            WHERE d.merges = 0 AND m.customer_id <> d.customer_id
            ORDER BY d.staging_id
            """, [run])
        return (merges, connection.changes)
    }

    /// Keeps the own values of each staged customer merged into an existing one beside its merge
    /// row (its first record's values, from before any merge in the run), so `unmerge` can make
    /// it a customer again. Call once the merges are inserted.
    func snapshotExistingCustomerMerges(run: SQLiteValue) throws {
        let fields = Self.snapshotFields
        try connection.execute("""
            INSERT OR IGNORE INTO main.merge_snapshots (customer_id, role, merge_id, \(fields), home_store_id, phones,
              card_balance_fen, source_id, source_file, record_key, run_id)
            SELECT g.survivor_customer_id, 'merged', g.id, \(Self.prefixed(fields, "o")),
              (SELECT id FROM main.stores WHERE code = o.store_code), d.phones, o.card_balance_fen, s.source_id, s.source_file,
              s.record_key, ?1
            FROM temp.db_matches d JOIN stg.stg_customers s ON s.staging_id = d.staging_id
            JOIN (\(Self.ownValuesSQL(staging: "stg.", matches: "temp.db_matches"))) o ON o.staging_id = d.staging_id
            JOIN main.merges g ON g.source_id = s.source_id AND g.source_file = s.source_file AND g.record_key = s.record_key
              AND g.status = 'active' AND g.survivor_customer_id = d.customer_id
            WHERE d.merges = 1
            ORDER BY g.id
            """, [run])
        try connection.execute("DROP TABLE IF EXISTS temp.db_matches")
    }

    /// The own values of each staged customer a decision merges, in the SQL both dialects share:
    /// the survivor row of its in-run lineage when records were merged into it, else its staged
    /// row, with its own card without a number in its store.
    static func ownValuesSQL(staging: String, matches: String) -> String {
        let fields = snapshotFields
        return """
            SELECT l.survivor_staging_id AS staging_id, \(prefixed(fields, "l")), l.store_code, l.card_balance_fen
            FROM \(staging)stg_lineage l
            WHERE l.role = 'survivor' AND l.survivor_staging_id IN (SELECT staging_id FROM \(matches) WHERE merges = 1)
            UNION ALL
            SELECT r.staging_id, \(prefixed(fields, "r")), r.store_code, k.balance_fen
            FROM \(staging)stg_customers r
            LEFT JOIN \(staging)stg_cards k ON k.staging_id = r.staging_id AND k.card_number IS NULL AND k.store_code = r.store_code
            WHERE r.staging_id IN (SELECT staging_id FROM \(matches) WHERE merges = 1)
              AND r.staging_id NOT IN (SELECT survivor_staging_id FROM \(staging)stg_lineage WHERE role = 'survivor')
            """
    }
}
