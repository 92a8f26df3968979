import SalonCore

/// The CRM database on PostgreSQL: the same schema (schemas/postgres) and the same publish as
/// `CRMDatabase` on SQLite, for chains that outgrow one SQLite file.
///
/// A publish copies the run's staging SQLite into TEMP tables with COPY and then runs the same
/// set-based statements as the SQLite publish, all in one transaction, under a session advisory
/// lock so two publishes (or a publish and a migration) never overlap. A first load sends phones,
/// notes and cards straight into their CRM tables (`PostgresFirstLoadCopy`).
public final class PostgresCRMDatabase {
    public let connection: PostgresConnection
    /// The CRM keys publishes prepare values with; nil for a database that is not encrypted (`useKeys`).
    public internal(set) var keyRing: KeyRing?
    /// The server and database as named in messages, without a password.
    public let location: String
    /// Tables the running publish analyzed inside its transaction (a first load): their
    /// statistics commit with the rows, and the refresh after the commit skips them.
    var analyzedInPublish: Set<String> = []

    /// The advisory lock key every salon-etl publish and migration takes ("SalonETL" in ASCII).
    public static let advisoryLockKey: Int64 = 0x5361_6C6F_6E45_544C

    /// Connects and applies pending migrations. The publish lock is taken only when a migration
    /// is pending, so opening a current CRM to read it (`audit`, `birthdays`, `review export`)
    /// does not wait for a publish that is running.
    /// - Throws: `PostgresError` when the server cannot be reached or a migration fails.
    public init(url: String) throws {
        connection = try PostgresConnectionPool.shared.take(url: url)
        location = PostgresURL.redacted(url)
        if try !pendingMigrations().isEmpty {
            try withPublishLock { try migrate() }
        }
    }

    deinit {
        PostgresConnectionPool.shared.giveBack(connection)
    }

    /// The embedded `schemas/postgres/NNN_*.sql` files not yet recorded in schema_migrations.
    private func pendingMigrations() throws -> [(file: String, sql: String)] {
        let recorded = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL").first?.first == "t"
        let applied = recorded
            ? Set(try connection.query("SELECT version FROM schema_migrations").compactMap { $0.first ?? nil }) : []
        return EmbeddedSchemas.postgres.filter { $0.file.first?.isNumber == true && !applied.contains($0.file) }
    }

    /// Applies each pending schema file once, recording it in schema_migrations; called holding the
    /// publish lock, so what is pending is read again under it.
    private func migrate() throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))
            """)
        for (file, sql) in try pendingMigrations() {
            try connection.transaction {
                try connection.execute(sql)
                try connection.execute("INSERT INTO schema_migrations (version) VALUES ($1)", [file])
            }
        }
    }

    /// Runs `body` holding the session advisory lock; waits for another holder to finish.
    func withPublishLock<T>(_ body: () throws -> T) throws -> T {
        try connection.execute("SELECT pg_advisory_lock($1)", [String(Self.advisoryLockKey)])
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [String(Self.advisoryLockKey)]) }
        return try body()
    }

    /// Records the start of a run in the run ledger.
    public func recordRunStart(runID: String, pipeline: String, startedAt: String) throws {
        try connection.execute(
            "INSERT INTO runs (id, pipeline, started_at, status) VALUES ($1, $2, $3, 'running')", [runID, pipeline, startedAt])
    }

    /// Records how a run ended.
    public func recordRunEnd(
        runID: String, status: String, finishedAt: String, recordsIn: Int, loaded: Int, merged: Int,
        rejected: Int, changedRows: Int64, reportPath: String?
    ) throws {
        try connection.execute("""
            UPDATE runs SET status = $2, finished_at = $3, records_in = $4, loaded = $5, merged = $6,
              rejected = $7, changed_rows = $8, report_path = $9 WHERE id = $1
            """,
            [runID, status, finishedAt, String(recordsIn), String(loaded), String(merged), String(rejected),
             String(changedRows), reportPath])
    }

    /// Copies the staged run into the CRM tables in one transaction, with the identity and
    /// survivorship rules of `CRMDatabase.publish`: a re-run of the same staging changes nothing.
    /// `importing` is the file a periodic import publishes: its receipt corrections, stored-value
    /// movements and fingerprint commit in the same transaction; `derive` the fields derived after
    /// the load; `matching` the rule for staged customers matching customers already in the
    /// database.
    public func publish(
        stagingPath: String, runID: String, sourceFiles: [CRMDatabase.SourceFile] = [], importing: ImportedFile? = nil,
        derive: DerivedFieldsPlan? = nil, matching: MatchRule = MatchRule(), beforeCommit: () throws -> Void = {}
    ) throws -> PublishSummary {
        let staging = try SQLiteConnection(path: stagingPath, readOnly: true)
        let summary = try withPublishLock {
            try connection.transaction {
                analyzedInPublish = []
                try tuneForBulkPublish()
                // A first load: a run (not an import) into a database without customers. Its
                // phones, notes and cards go straight into the CRM tables (`PostgresFirstLoadCopy`).
                let firstLoad = try importing == nil
                    && connection.scalarInt("SELECT CASE WHEN EXISTS (SELECT 1 FROM customers) THEN 0 ELSE 1 END") == 1
                try PostgresStagingCopy.copy(
                    from: staging, into: connection, keys: keyRing,
                    leavingOut: firstLoad ? PostgresFirstLoadCopy.stagedTablesLeftOut : [])
                // Tags too: their uniqueness is a constraint, which stays and keeps ON CONFLICT's
                // arbiter; the code index and the key to customers go (4.3 s of W2's tags).
                let deferredIndexes = firstLoad ? try dropIndexesForFirstLoad(of: CRMDatabase.bulkTables + ["customer_tags"]) : []
                let latest = try connection.query("SELECT substr(MAX(sold_at), 1, 10) FROM receipts WHERE sold_at IS NOT NULL").first?.first ?? nil
                let guess = try BirthdayGuess(plan: derive, staging: staging, prefix: "", latestInDatabase: latest)
                var summary = try publishCustomers(
                    run: runID, matching: matching, birthdays: guess,
                    cardStores: firstLoad ? PostgresFirstLoadCopy.cardStoreCodes(in: staging) : nil, firstLoad: firstLoad)
                try publishChildren(run: runID, summary: &summary, firstLoadFrom: firstLoad ? staging : nil)
                for definition in deferredIndexes { try connection.execute(definition) }
                // The customer tables were empty when this transaction began: until they are
                // analyzed the planner takes them for small and walks an index in the wrong order
                // (chat subjects looking up their phone took 23 s of W2 instead of under one).
                // Statistics gathered here commit with the rows.
                if firstLoad { try analyzeInPublish(Self.customerTables) }
                try publishMergedSnapshots(run: runID)
                try snapshotExistingCustomerMerges(run: runID)
                summary.chat = try publishChat(run: runID)
                // Chat may add customers, phones, notes and tags after they were analyzed: the
                // refresh after the commit analyzes them again, so a chat-only first load is not
                // left with the statistics of empty tables.
                if let chat = summary.chat,
                    chat.customersCreated + chat.phonesInserted + chat.notesInserted + chat.tagsInserted > 0
                {
                    analyzedInPublish.subtract(Self.customerTables)
                }
                if importing != nil { try captureReceiptVersions() }
                summary.receipts = try publishReceipts(run: runID, firstLoad: firstLoad)
                try publishReceiptCorrections(run: runID)
                summary.imported = try importing.map { try finishImport($0, run: runID) }
                summary.derived = try publishDerived(run: runID, plan: derive, customersWereEmpty: firstLoad)
                for file in sourceFiles {
                    try connection.execute("""
                        INSERT INTO source_files (source_id, path, sha256, size_bytes, encoding, first_run_id)
                        VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
                        """, [file.sourceID, file.path, file.sha256, String(file.size), file.encoding, runID])
                }
                try beforeCommit()
                return summary
            }
        }
        try refreshStatistics(after: summary)
        return summary
    }

    /// The publish copies staging into temporary tables and indexes them there: staging needs nothing.
    public func prepareStaging(_ staging: SQLiteConnection) throws {}

    /// On a first load into an empty database, drops the indexes and foreign keys of `tables` (the
    /// bulk tables, as on SQLite `CRMDatabase.bulkTables`, then the receipt tables), and returns
    /// the statements that restore them once the rows are in, inside the same transaction: one sort per index instead of a B-tree
    /// insert per row, and one join per foreign key instead of a trigger per row. Indexes that
    /// back a constraint (primary keys) stay. The inserts use `ON CONFLICT DO NOTHING` without a
    /// target, and staged rows are unique by construction; rebuilding a unique index checks that,
    /// adding a foreign key back checks every row, and either failing rolls everything back.
    func dropIndexesForFirstLoad(of tables: [String]) throws -> [String] {
        let indexes = try connection.query("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            ORDER BY i.indexname
            """, ["{" + tables.joined(separator: ",") + "}"])
        var definitions: [String] = []
        for row in indexes {
            // Names come from our own schema; anything else is left alone rather than spliced into SQL.
            guard let name = row[0], let definition = row[1],
                name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
            else { continue }
            try connection.execute("DROP INDEX \(name)")
            definitions.append(definition)
        }
        let foreignKeys = try connection.query("""
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
            WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
              AND c.conrelid::regclass::text = ANY($1::text[])
            ORDER BY 1, 2
            """, ["{" + tables.joined(separator: ",") + "}"])
        for row in foreignKeys {
            guard let table = row[0], let name = row[1], let definition = row[2],
                tables.contains(table),
                name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
            else { continue }
            try connection.execute("ALTER TABLE \(table) DROP CONSTRAINT \(name)")
            definitions.append("ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition)")
        }
        return definitions
    }

    /// Rows in one CRM table; the name must be one of the schema's tables.
    public func count(table: String) throws -> Int64 {
        guard CRMTables.names.contains(table) else {
            throw PostgresError(message: "not a CRM table: \(table)")
        }
        return try connection.scalarInt("SELECT COUNT(*) FROM \(table)") ?? 0
    }

    /// Inserts the staged customers of `newCustomers` (a table or subquery with `staging_id`,
    /// `id`, `fresh_key`) with those ids, in id order.
    private func insertNewCustomers(run: String, from newCustomers: String) throws -> Int64 {
        try connection.execute("""
            INSERT INTO customers (id, customer_key, name, name_original, surname, given_name, form_of_address,
              gender, birthday, birthday_calendar, birthday_leap_month, member_level, join_date, home_store_id,
              source_id, source_file, record_key, created_run_id, updated_run_id, birthday_next)
            SELECT n.id, COALESCE(n.fresh_key, s.customer_key_blind), s.name, s.name_original, s.surname, s.given_name, s.form_of_address,
              s.gender, s.birthday, s.birthday_calendar, s.birthday_leap_month, s.member_level, s.join_date, st.id,
              s.source_id, s.source_file, s.record_key, $1, $1, CASE WHEN s.birthday IS NOT NULL THEN g.next END
            FROM \(newCustomers) n JOIN stg_customers s ON s.staging_id = n.staging_id
            LEFT JOIN stores st ON st.code = s.store_code
            LEFT JOIN birthday_guess g
              ON g.calendar = s.birthday_calendar AND g.month_day = right(s.birthday, 5) AND g.leap = s.birthday_leap_month
            ORDER BY n.id
            """, [run])
    }

    /// Maps staged customers to CRM customers (key, then the scored match against existing
    /// customers), inserts the new ones with ids in staging order and applies survivorship to the
    /// existing ones.
    /// `cardStores`: the staged cards' store codes when `stg_cards` was left out (a first load).
    /// `firstLoad`: the customers table is empty, so every staged customer is new.
    private func publishCustomers(
        run: String, matching: MatchRule, birthdays: BirthdayGuess, cardStores: [String]?, firstLoad: Bool
    ) throws -> PublishSummary {
        var summary = PublishSummary()
        try connection.createSessionTable("""
            birthday_guess (calendar TEXT NOT NULL, month_day TEXT NOT NULL, leap INTEGER NOT NULL,
              next TEXT, PRIMARY KEY (calendar, month_day, leap))
            """)
        try connection.copy("COPY birthday_guess (calendar, month_day, leap, next) FROM STDIN") { writer in
            for row in birthdays.rows {
                for field in [row.calendar, row.monthDay, String(row.leap), row.next] { writer.field(field) }
                try writer.endRow()
            }
        }
        try connection.execute("""
            INSERT INTO stores (code)
            SELECT store_code FROM (
              SELECT store_code, MIN(staging_id) AS first FROM stg_customers GROUP BY store_code
              UNION ALL \(cardStores == nil ? "SELECT store_code, NULL FROM stg_cards" : "SELECT unnest($1::text[]), NULL")) s
            GROUP BY store_code ORDER BY MIN(first) NULLS LAST, store_code
            ON CONFLICT DO NOTHING
            """, cardStores.map { [PostgresArray.literal($0)] } ?? [])
        // Kept with the session (an import's files share one): every publish fills it.
        try connection.createSessionTable("""
            customer_map (staging_id BIGINT PRIMARY KEY, customer_id BIGINT, is_new BOOLEAN NOT NULL DEFAULT false,
              fresh_key TEXT, redirected BOOLEAN NOT NULL DEFAULT false)
            """)
        if firstLoad {
            // No customer to match or redirect to: every staged customer is new, numbered in
            // staging order, and the map is written once, final.
            try connection.execute("""
                INSERT INTO customer_map (staging_id, customer_id, is_new)
                SELECT staging_id, ROW_NUMBER() OVER (ORDER BY staging_id), true FROM stg_customers
                """, [])
            // Finds no customer to compare with; leaves its (empty) decisions table for the merge rows.
            try matchExistingCustomers(rule: matching)
            summary.customersInserted = try insertNewCustomers(
                run: run, from: "(SELECT staging_id, customer_id AS id, fresh_key FROM customer_map)")
        } else {
            try connection.execute("""
                INSERT INTO customer_map (staging_id, customer_id)
                SELECT s.staging_id, c.id FROM stg_customers s LEFT JOIN customers c ON c.customer_key = s.customer_key_blind
                """, [])
            try matchExistingCustomers(rule: matching)
            try redirectMergedAway()
            // A file of receipts only (most of a periodic import) stages no customers, and a re-run
            // finds all of its customers: no new ids, so the map is already final.
            let hasNewCustomers = try connection.scalarInt(
                "SELECT CASE WHEN EXISTS (SELECT 1 FROM customer_map WHERE customer_id IS NULL) THEN 1 ELSE 0 END") == 1
            if hasNewCustomers {
                try connection.fillSessionTable("new_customers", with: """
                    SELECT staging_id, (SELECT COALESCE(MAX(id), 0) FROM customers) + ROW_NUMBER() OVER (ORDER BY staging_id) AS id,
                      fresh_key
                    FROM customer_map WHERE customer_id IS NULL
                    """)
                summary.customersInserted = try insertNewCustomers(run: run, from: "new_customers")
                try connection.execute("""
                    UPDATE customer_map m SET customer_id = n.id, is_new = true FROM new_customers n WHERE n.staging_id = m.staging_id
                    """, [])
            }
        }
        if summary.customersInserted > 0 {
            // Ids were given explicitly; the identity continues after them.
            try connection.execute(
                "SELECT setval(pg_get_serial_sequence('customers', 'id'), (SELECT MAX(id) FROM customers))", [])
        }
        try connection.execute("ANALYZE customer_map")
        try snapshotSurvivors(run: run)
        // Survivorship: staged values over the existing customers' (a first load has none).
        if !firstLoad { summary.customersUpdated = try connection.execute("""
            UPDATE customers c SET
              name = COALESCE(s.name, c.name), name_original = COALESCE(s.name_original, c.name_original),
              surname = COALESCE(s.surname, c.surname), given_name = COALESCE(s.given_name, c.given_name),
              form_of_address = COALESCE(s.form_of_address, c.form_of_address),
              gender = COALESCE(s.gender, c.gender),
              birthday = COALESCE(s.birthday, c.birthday),
              birthday_calendar = CASE WHEN s.birthday IS NULL THEN c.birthday_calendar ELSE s.birthday_calendar END,
              birthday_leap_month = CASE WHEN s.birthday IS NULL THEN c.birthday_leap_month ELSE s.birthday_leap_month END,
              member_level = COALESCE(s.member_level, c.member_level),
              join_date = COALESCE(s.join_date, c.join_date),
              updated_run_id = $1
            FROM stg_customers s JOIN customer_map m ON m.staging_id = s.staging_id
            WHERE NOT m.is_new AND NOT m.redirected AND c.id = m.customer_id AND (
              (s.name IS NOT NULL AND s.name IS DISTINCT FROM c.name) OR
              (s.name_original IS NOT NULL AND s.name_original IS DISTINCT FROM c.name_original) OR
              (s.surname IS NOT NULL AND s.surname IS DISTINCT FROM c.surname) OR
              (s.given_name IS NOT NULL AND s.given_name IS DISTINCT FROM c.given_name) OR
              (s.form_of_address IS NOT NULL AND s.form_of_address IS DISTINCT FROM c.form_of_address) OR
              (s.gender IS NOT NULL AND s.gender IS DISTINCT FROM c.gender) OR
              (s.birthday IS NOT NULL AND (s.birthday IS DISTINCT FROM c.birthday OR s.birthday_calendar IS DISTINCT FROM c.birthday_calendar)) OR
              (s.member_level IS NOT NULL AND s.member_level IS DISTINCT FROM c.member_level) OR
              (s.join_date IS NOT NULL AND s.join_date IS DISTINCT FROM c.join_date))
            """, [run]) }
        summary.customersUpdated += try publishConsent(run: run)
        return summary
    }

    /// Phones, notes, tags, cards, merges, review items, keying corrections and rejects.
    /// `firstLoadFrom`: on a first load, the staging database phones, notes and cards are copied
    /// from, straight into their tables (`PostgresFirstLoadCopy`).
    private func publishChildren(run: String, summary: inout PublishSummary, firstLoadFrom staging: SQLiteConnection?) throws {
        if let staging {
            let copied = try PostgresFirstLoadCopy.copyChildren(from: staging, into: connection, keys: keyRing, run: run)
            summary.phonesInserted = copied.phones
            summary.notesInserted = copied.notes
            summary.cardsInserted = copied.cards
        } else {
            try publishPhonesNotesAndCards(run: run, summary: &summary)
        }
        try publishTagsMergesAndReviews(run: run, summary: &summary)
    }

    /// Phones, notes and cards from the staged TEMP tables: inserted only when absent; a card's
    /// balance updated when the staged one differs.
    private func publishPhonesNotesAndCards(run: String, summary: inout PublishSummary) throws {
        summary.phonesInserted = try connection.execute("""
            INSERT INTO customer_phones (customer_id, e164, kind, original, source_id, source_file, record_key, run_id, e164_sealed)
            SELECT customer_id, e164_blind, kind, original_sealed, source_id, source_file, record_key, $1, e164_sealed FROM (
              SELECT DISTINCT ON (m.customer_id, p.e164) m.customer_id, p.e164, p.e164_blind, p.e164_sealed, p.kind,
                p.original_sealed, p.source_id,
                p.source_file, p.record_key, p.row_order
              FROM stg_phones p JOIN customer_map m ON m.staging_id = p.staging_id
              ORDER BY m.customer_id, p.e164, p.row_order) first
            ORDER BY customer_id, row_order
            ON CONFLICT DO NOTHING
            """, [run])
        summary.notesInserted = try connection.execute("""
            INSERT INTO notes (customer_id, text, column_name, source_id, source_file, record_key, run_id)
            SELECT m.customer_id, n.text, n.column_name, n.source_id, n.source_file, n.record_key, $1
            FROM stg_notes n JOIN customer_map m ON m.staging_id = n.staging_id
            ORDER BY m.customer_id, n.row_order
            ON CONFLICT DO NOTHING
            """, [run])
        let stagedCards = """
            SELECT c.row_order, m.customer_id, st.id AS store_id,
                   COALESCE(c.card_number, 'customer:' || m.customer_id) AS card_key, c.card_number, c.balance_fen,
                   c.source_id, c.source_file, c.record_key
            FROM stg_cards c JOIN customer_map m ON m.staging_id = c.staging_id
            JOIN stores st ON st.code = c.store_code
            """
        summary.cardsUpdated = try connection.execute("""
            UPDATE member_cards mc SET balance_fen = r.balance_fen, run_id = $1
            FROM (\(stagedCards)) AS r
            WHERE mc.store_id = r.store_id AND mc.card_key = r.card_key AND mc.balance_fen IS DISTINCT FROM r.balance_fen
            """, [run])
        summary.cardsInserted = try connection.execute("""
            INSERT INTO member_cards (customer_id, store_id, card_key, card_number, balance_fen,
              source_id, source_file, record_key, run_id)
            SELECT customer_id, store_id, card_key, card_number, balance_fen, source_id, source_file, record_key, $1
            FROM (\(stagedCards)) AS r ORDER BY row_order
            ON CONFLICT DO NOTHING
            """, [run])
    }

    /// Tags, merges, review items, keying corrections and rejects: inserted only when absent.
    private func publishTagsMergesAndReviews(run: String, summary: inout PublishSummary) throws {
        summary.tagsInserted = try connection.execute("""
            INSERT INTO customer_tags (customer_id, code, value, confidence, needs_review, is_safety,
              column_name, span_start, span_end, matched_text, source_id, source_file, record_key, run_id)
            SELECT m.customer_id, t.code, t.value, t.confidence, t.needs_review, t.is_safety, t.column_name,
              t.span_start, t.span_end, t.matched_text, t.source_id, t.source_file, t.record_key, $1
            FROM stg_tags t JOIN customer_map m ON m.staging_id = t.staging_id
            ORDER BY t.row_order
            ON CONFLICT DO NOTHING
            """, [run])
        summary.mergesInserted = try connection.execute("""
            INSERT INTO merges (survivor_customer_id, source_id, source_file, record_key, reason, matched_on, run_id,
              score, explanation)
            SELECT m.customer_id, g.source_id, g.source_file, g.record_key, g.reason, g.matched_on, $1, g.score, g.explanation
            FROM stg_merges g JOIN customer_map m ON m.staging_id = g.survivor_staging_id
            ORDER BY g.row_order
            ON CONFLICT DO NOTHING
            """, [run])
        let existing = try publishExistingCustomerMatches(run: run)
        summary.existingCustomersMerged = existing.merges
        summary.existingCustomersToReview = existing.reviews
        summary.mergesInserted += existing.merges
        summary.reviewItemsInserted = existing.reviews
        summary.reviewItemsInserted += try connection.execute("""
            INSERT INTO review_queue (customer_id, other_customer_id, reason, detail, run_id, score, explanation)
            SELECT a.customer_id, b.customer_id, r.reason, r.detail, $1, r.score, r.explanation
            FROM stg_review r
            JOIN customer_map a ON a.staging_id = r.staging_id
            JOIN customer_map b ON b.staging_id = r.other_staging_id
            WHERE a.customer_id <> b.customer_id AND NOT EXISTS (SELECT 1 FROM review_queue q
              WHERE q.customer_id = b.customer_id AND q.other_customer_id = a.customer_id AND q.reason = r.reason)
            ORDER BY r.row_order
            ON CONFLICT DO NOTHING
            """, [run])
        summary.reviewItemsInserted += try connection.execute("""
            INSERT INTO review_corrections (customer_id, field, column_name, code, keyed_text, proposed, reason,
              field_left_empty, paper_card, entered_by, source_id, source_file, record_key, run_id)
            SELECT m.customer_id, r.field, r.column_name, r.code, r.keyed_text_sealed, r.proposed_sealed, r.reason,
              r.field_left_empty, r.paper_card, r.entered_by, r.source_id, r.source_file, r.record_key, $1
            FROM stg_review_corrections r JOIN customer_map m ON m.staging_id = r.staging_id
            ORDER BY r.row_order
            ON CONFLICT DO NOTHING
            """, [run])
        summary.rejectsInserted = try connection.execute("""
            INSERT INTO rejects (source_id, source_file, record_key, column_name, code, stage,
              whole_record, message, original_text, first_run_id)
            SELECT source_id, source_file, record_key, column_name, code, stage, whole_record, message, original_text_sealed, $1
            FROM stg_rejects ORDER BY row_order
            ON CONFLICT DO NOTHING
            """, [run])
    }
}
