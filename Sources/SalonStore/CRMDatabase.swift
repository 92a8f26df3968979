import SalonCore

/// What publishing changed in the CRM tables. A re-run over the same inputs reports all zeros.
public struct PublishSummary: Sendable, Codable, Equatable {
    public var customersInserted: Int64 = 0
    public var customersUpdated: Int64 = 0
    public var phonesInserted: Int64 = 0
    public var notesInserted: Int64 = 0
    public var tagsInserted: Int64 = 0
    public var cardsInserted: Int64 = 0
    public var cardsUpdated: Int64 = 0
    public var mergesInserted: Int64 = 0
    public var reviewItemsInserted: Int64 = 0
    /// Of `mergesInserted` and `reviewItemsInserted`: staged customers matched with customers
    /// already in the database, merged into them or sent to review with them.
    public var existingCustomersMerged: Int64 = 0
    public var existingCustomersToReview: Int64 = 0
    public var rejectsInserted: Int64 = 0
    /// nil when the run read no chat sources.
    public var chat: ChatPublishSummary?
    /// Receipts and their lines (nil when the run staged none).
    public var receipts: ReceiptPublishSummary?
    /// Corrections, movements and the file record of a periodic import (nil for a migration run).
    public var imported: ImportPublishSummary?
    /// Segments, derived member levels and next birthdays (nil when the run derived none).
    public var derived: DerivedFieldsSummary?

    public init() {}

    /// Rows added or changed in the CRM tables by this publish.
    public var changedRows: Int64 {
        customersInserted + customersUpdated + phonesInserted + notesInserted + tagsInserted + cardsInserted
            + cardsUpdated + mergesInserted + reviewItemsInserted + rejectsInserted + (chat?.changedRows ?? 0)
            + (receipts?.changedRows ?? 0) + (derived?.changedRows ?? 0)
    }
}

/// The CRM database (SQLite): schema migrations and the publish step.
public final class CRMDatabase {
    public let connection: SQLiteConnection

    /// Opens or creates the CRM database and applies pending migrations.
    /// - Parameter keys: the CRM keys; an encrypted database opened without them takes the
    ///   configured ones (`KeySource`), and fails with a configuration error when there are none
    ///   or they are not the database's.
    public init(path: String, keys: KeyRing? = nil) throws {
        connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
        try migrate()
        try installFieldCipher(keys: keys)
    }

    /// Applies each embedded `schemas/sqlite/NNN_*.sql` file once, recording it in schema_migrations.
    private func migrate() throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (datetime('now')))
            """)
        let applied = Set(try connection.query("SELECT version FROM schema_migrations").compactMap { $0.first?.text })
        for (file, sql) in EmbeddedSchemas.all where file.first?.isNumber == true && !applied.contains(file) {
            try connection.transaction {
                try connection.execute(sql)
                try connection.execute("INSERT INTO schema_migrations (version) VALUES (?1)", [.text(file)])
            }
        }
    }

    /// Records the start of a run in the run ledger.
    public func recordRunStart(runID: String, pipeline: String, startedAt: String) throws {
        try connection.execute(
            "INSERT INTO runs (id, pipeline, started_at, status) VALUES (?1, ?2, ?3, 'running')",
            [.text(runID), .text(pipeline), .text(startedAt)])
    }

    /// Records how a run ended.
    public func recordRunEnd(
        runID: String, status: String, finishedAt: String, recordsIn: Int, loaded: Int, merged: Int,
        rejected: Int, changedRows: Int64, reportPath: String?
    ) throws {
        try connection.execute("""
            UPDATE runs SET status = ?2, finished_at = ?3, records_in = ?4, loaded = ?5, merged = ?6,
              rejected = ?7, changed_rows = ?8, report_path = ?9 WHERE id = ?1
            """,
            [.text(runID), .text(status), .text(finishedAt), .int(Int64(recordsIn)), .int(Int64(loaded)),
             .int(Int64(merged)), .int(Int64(rejected)), .int(changedRows), reportPath.map(SQLiteValue.text) ?? .null])
    }

    /// A source file a run read, recorded by content so the same file is recognised under any name.
    public struct SourceFile: Sendable {
        public var sourceID: String
        public var path: String
        public var sha256: String
        public var size: Int64
        public var encoding: String?

        public init(sourceID: String, path: String, sha256: String, size: Int64, encoding: String?) {
            self.sourceID = sourceID
            self.path = path
            self.sha256 = sha256
            self.size = size
            self.encoding = encoding
        }
    }

    /// Copies the staged run into the CRM tables in one transaction.
    ///
    /// Identity is kept stable across runs: a staged customer maps to the existing customer with the
    /// same customer key. One that shares a phone (or, without one, a full name and birthday) with
    /// customers already in the database is scored against them like a pair within the run
    /// (`matchExistingCustomers`): it merges at or above `matching.autoMergeAt` unless the names clearly
    /// differ, else it is a new customer and the pair a review item.
    /// Existing rows are updated only where a staged value is non-empty and different, and child
    /// rows are inserted only when absent, so publishing the same staging twice changes nothing.
    /// - Parameters:
    ///   - importing: the file a periodic import reads; its corrections, card movements and
    ///     fingerprint are recorded in the same transaction.
    ///   - derive: fields to derive after the load, in the same transaction; nil derives none.
    ///   - matching: the rule the run resolved with (`resolve.auto_merge_at`, names folded to Simplified).
    public func publish(
        stagingPath: String, runID: String, sourceFiles: [SourceFile] = [], importing: ImportedFile? = nil,
        derive: DerivedFieldsPlan? = nil, matching: MatchRule = MatchRule(), beforeCommit: () throws -> Void = {}
    ) throws -> PublishSummary {
        try connection.execute("ATTACH DATABASE ?1 AS stg", [.text(stagingPath)])
        // A bulk publish touches every page of the indexes it grows; a 32 MiB page cache keeps
        // them in memory instead of spilling and re-reading (the default is 2 MiB). 64 MiB was no
        // faster at W1 1M, and the sorts it also bounds run beside the re-check's sample.
        try connection.execute("PRAGMA cache_size = -32768")
        defer { try? connection.execute("DETACH DATABASE stg") }
        // A first load writes every page once; through a rollback journal that is one write of the
        // database (new pages need no journal), where WAL writes each page twice (log, then
        // checkpoint). Later publishes keep WAL, so readers can go on during them.
        // Never for an import: it publishes file by file while readers may hold the database open.
        let firstLoad = try importing == nil && connection.scalarInt("SELECT NOT EXISTS (SELECT 1 FROM main.customers)") == 1
        // A first load also checks foreign keys once, after the rows are in, instead of a parent
        // look-up per inserted row (millions of receipt lines, phones and notes): every child row
        // takes its parent's id from a join with the parent table. The check runs inside the
        // transaction, and a dangling reference fails the publish and rolls everything back, as
        // re-adding the constraints does on PostgreSQL. The pragma only takes effect outside a
        // transaction, hence here.
        if firstLoad {
            try connection.execute("PRAGMA main.journal_mode = DELETE")
            try connection.execute("PRAGMA foreign_keys = OFF")
        }
        defer {
            if firstLoad {
                try? connection.execute("PRAGMA main.journal_mode = WAL")
                try? connection.execute("PRAGMA foreign_keys = ON")
            }
        }
        var summary = PublishSummary()
        try connection.transaction {
            let run = SQLiteValue.text(runID)
            let deferredIndexes = try dropIndexesForFirstLoad()
            try connection.execute("INSERT OR IGNORE INTO stores (code) SELECT DISTINCT store_code FROM stg.stg_customer_rows")
            try connection.execute("INSERT OR IGNORE INTO stores (code) SELECT DISTINCT store_code FROM stg.stg_card_rows")
            try connection.execute("DROP TABLE IF EXISTS temp.customer_map")
            try connection.execute("""
                CREATE TEMP TABLE customer_map (staging_id INTEGER PRIMARY KEY, customer_id INTEGER, is_new INTEGER NOT NULL DEFAULT 0,
                  fresh_key TEXT)
                """)
            if firstLoad {
                // Into an empty database every staged customer is new and no key can match: no
                // blind key is computed to look one up, ids are given here in staging order, and
                // the map itself lists the new customers.
                try connection.execute("""
                    INSERT INTO temp.customer_map (staging_id, customer_id, is_new)
                    SELECT s.staging_id, ROW_NUMBER() OVER (ORDER BY s.staging_id), 1 FROM stg.stg_customers s
                    """)
            } else {
                try connection.execute("""
                    INSERT INTO temp.customer_map (staging_id, customer_id)
                    SELECT s.staging_id, (SELECT c.id FROM main.customers c WHERE c.customer_key = salon_blind_key(s.customer_key))
                    FROM stg.stg_customers s
                    """)
            }
            try matchExistingCustomers(rule: matching)
            try redirectMergedAway()
            // New customers get ids in staging order, assigned here rather than looked up again
            // by key after the insert: one append per customer instead of an index probe. The
            // insert orders by staging id, which is id order, and new_customers is stored in it:
            // ordering by id would sort every customer row again (1 s of W1's million).
            let newCustomers = firstLoad ? (table: "temp.customer_map", id: "customer_id") : (table: "temp.new_customers", id: "id")
            if !firstLoad {
                try connection.execute("DROP TABLE IF EXISTS temp.new_customers")
                try connection.execute("CREATE TEMP TABLE new_customers (staging_id INTEGER PRIMARY KEY, id INTEGER NOT NULL, fresh_key TEXT)")
                try connection.execute("""
                    INSERT INTO temp.new_customers (staging_id, id, fresh_key)
                    SELECT staging_id, (SELECT COALESCE(MAX(id), 0) FROM main.customers) + ROW_NUMBER() OVER (ORDER BY staging_id) AS id,
                      fresh_key
                    FROM temp.customer_map WHERE customer_id IS NULL
                    """)
            }
            try createBirthdayGuess(derive)
            try connection.execute("""
                INSERT INTO main.customers (id, customer_key, name, name_original, surname, given_name, form_of_address,
                  gender, birthday, birthday_calendar, birthday_leap_month, member_level, join_date, home_store_id,
                  source_id, source_file, record_key, created_run_id, updated_run_id, birthday_next)
                SELECT n.\(newCustomers.id), salon_blind_key(COALESCE(n.fresh_key, s.customer_key)), s.name, s.name_original, s.surname,
                  s.given_name, s.form_of_address,
                  s.gender, s.birthday, s.birthday_calendar, s.birthday_leap_month, s.member_level, s.join_date,
                  (SELECT id FROM main.stores WHERE code = s.store_code),
                  s.source_id, s.source_file, s.record_key, ?1, ?1,
                  CASE WHEN s.birthday IS NOT NULL THEN (SELECT g.next FROM temp.birthday_guess g
                    WHERE g.calendar = s.birthday_calendar AND g.month_day = substr(s.birthday, -5) AND g.leap = s.birthday_leap_month) END
                FROM \(newCustomers.table) n JOIN stg.stg_customers s ON s.staging_id = n.staging_id
                ORDER BY n.staging_id
                """, [run])
            summary.customersInserted = connection.changes
            if !firstLoad {
                try connection.execute("""
                    UPDATE temp.customer_map SET is_new = 1, customer_id = n.id
                    FROM temp.new_customers n WHERE n.staging_id = temp.customer_map.staging_id
                    """)
                try connection.execute("DROP TABLE temp.new_customers")
            }
            try snapshotSurvivors(run: run)
            // Survivorship against the database: a non-empty staged value replaces a different one.
            try connection.execute("""
                UPDATE main.customers SET
                  name = COALESCE(s.name, customers.name), name_original = COALESCE(s.name_original, customers.name_original),
                  surname = COALESCE(s.surname, customers.surname), given_name = COALESCE(s.given_name, customers.given_name),
                  form_of_address = COALESCE(s.form_of_address, customers.form_of_address),
                  gender = COALESCE(s.gender, customers.gender),
                  birthday = COALESCE(s.birthday, customers.birthday),
                  birthday_calendar = CASE WHEN s.birthday IS NULL THEN customers.birthday_calendar ELSE s.birthday_calendar END,
                  birthday_leap_month = CASE WHEN s.birthday IS NULL THEN customers.birthday_leap_month ELSE s.birthday_leap_month END,
                  member_level = COALESCE(s.member_level, customers.member_level),
                  join_date = COALESCE(s.join_date, customers.join_date),
                  updated_run_id = ?1
                FROM stg.stg_customers s JOIN temp.customer_map m ON m.staging_id = s.staging_id
                WHERE m.is_new = 0 AND customers.id = m.customer_id AND (
                  (s.name IS NOT NULL AND s.name IS NOT customers.name) OR
                  (s.name_original IS NOT NULL AND s.name_original IS NOT customers.name_original) OR
                  (s.surname IS NOT NULL AND s.surname IS NOT customers.surname) OR
                  (s.given_name IS NOT NULL AND s.given_name IS NOT customers.given_name) OR
                  (s.form_of_address IS NOT NULL AND s.form_of_address IS NOT customers.form_of_address) OR
                  (s.gender IS NOT NULL AND s.gender IS NOT customers.gender) OR
                  (s.birthday IS NOT NULL AND (s.birthday IS NOT customers.birthday OR s.birthday_calendar IS NOT customers.birthday_calendar)) OR
                  (s.member_level IS NOT NULL AND s.member_level IS NOT customers.member_level) OR
                  (s.join_date IS NOT NULL AND s.join_date IS NOT customers.join_date))
                """, [run])
            summary.customersUpdated = connection.changes + (try publishConsent(run: run, firstLoad: firstLoad))
            // One row per customer and number (a merged record often repeats the phone), the first
            // record that brought it providing the provenance. Grouped and ordered on narrow rows
            // (customer, first staged row), then each row read back by its number: sorting the
            // whole rows twice cost W1's 900,000 phones 0.9 s more.
            try connection.execute("DROP TABLE IF EXISTS temp.phone_order")
            try connection.execute("""
                CREATE TEMP TABLE phone_order AS
                SELECT m.customer_id, MIN(p.rowid) AS first_row
                FROM stg.stg_phone_rows p JOIN temp.customer_map m ON m.staging_id = p.staging_id
                GROUP BY m.customer_id, p.e164
                ORDER BY m.customer_id, first_row
                """)
            try connection.execute("""
                INSERT OR IGNORE INTO main.customer_phones (customer_id, e164, kind, original, source_id, source_file, record_key, run_id,
                  e164_sealed)
                SELECT o.customer_id, salon_blind(p.e164), p.kind, salon_seal(p.original), p.source_id, p.source_file, p.record_key, ?1,
                  salon_seal(p.e164)
                FROM temp.phone_order o JOIN stg.stg_phones p ON p.row_order = o.first_row
                ORDER BY o.rowid
                """, [run])
            summary.phonesInserted = connection.changes
            try connection.execute("DROP TABLE temp.phone_order")
            try connection.execute("""
                INSERT OR IGNORE INTO main.notes (customer_id, text, column_name, source_id, source_file, record_key, run_id)
                SELECT m.customer_id, n.text, n.column_name, n.source_id, n.source_file, n.record_key, ?1
                FROM stg.stg_notes n JOIN temp.customer_map m ON m.staging_id = n.staging_id
                ORDER BY m.customer_id, n.row_order
                """, [run])
            summary.notesInserted = connection.changes
            try connection.execute("""
                INSERT OR IGNORE INTO main.customer_tags (customer_id, code, value, confidence, needs_review, is_safety,
                  column_name, span_start, span_end, matched_text, source_id, source_file, record_key, run_id)
                SELECT m.customer_id, t.code, t.value, t.confidence, t.needs_review, t.is_safety, t.column_name,
                  t.span_start, t.span_end, t.matched_text, t.source_id, t.source_file, t.record_key, ?1
                FROM stg.stg_tags t JOIN temp.customer_map m ON m.staging_id = t.staging_id
                ORDER BY t.row_order
                """, [run])
            summary.tagsInserted = connection.changes
            // A card without a number is the customer's card in that store. When several records
            // describe the same card, the latest one's balance is the card's balance.
            // Staging holds one row per card already (the latest record's balance).
            let stagedCards = """
                SELECT c.row_order, m.customer_id, st.id AS store_id,
                       COALESCE(c.card_number, 'customer:' || m.customer_id) AS card_key, c.card_number, c.balance_fen,
                       c.source_id, c.source_file, c.record_key
                FROM stg.stg_cards c JOIN temp.customer_map m ON m.staging_id = c.staging_id
                JOIN main.stores st ON st.code = c.store_code
                """
            if deferredIndexes.isEmpty {
                try connection.execute("""
                    UPDATE main.member_cards SET balance_fen = r.balance_fen, run_id = ?1
                    FROM (\(stagedCards)) AS r
                    WHERE member_cards.store_id = r.store_id AND member_cards.card_key = r.card_key
                      AND member_cards.balance_fen IS NOT r.balance_fen
                    """, [run])
                summary.cardsUpdated = connection.changes
            }
            try connection.execute("""
                INSERT OR IGNORE INTO main.member_cards (customer_id, store_id, card_key, card_number, balance_fen,
                  source_id, source_file, record_key, run_id)
                SELECT customer_id, store_id, card_key, card_number, balance_fen, source_id, source_file, record_key, ?1
                FROM (\(stagedCards)) ORDER BY row_order
                """, [run])
            summary.cardsInserted = connection.changes
            try connection.execute("""
                INSERT OR IGNORE INTO main.merges (survivor_customer_id, source_id, source_file, record_key, reason, matched_on, run_id,
                  score, explanation)
                SELECT m.customer_id, g.source_id, g.source_file, g.record_key, g.reason, g.matched_on, ?1, g.score, g.explanation
                FROM stg.stg_merges g JOIN temp.customer_map m ON m.staging_id = g.survivor_staging_id
                ORDER BY g.row_order
                """, [run])
            summary.mergesInserted = connection.changes
            let existing = try publishExistingCustomerMatches(run: run)
            summary.existingCustomersMerged = existing.merges
            summary.existingCustomersToReview = existing.reviews
            summary.mergesInserted += existing.merges
            // A pair matched against the database may already stand the other way round.
            try connection.execute("""
                INSERT OR IGNORE INTO main.review_queue (customer_id, other_customer_id, reason, detail, run_id, score, explanation)
                SELECT a.customer_id, b.customer_id, r.reason, r.detail, ?1, r.score, r.explanation
                FROM stg.stg_review r
                JOIN temp.customer_map a ON a.staging_id = r.staging_id
                JOIN temp.customer_map b ON b.staging_id = r.other_staging_id
                WHERE a.customer_id <> b.customer_id
                  AND NOT EXISTS (SELECT 1 FROM main.review_queue q
                    WHERE q.customer_id = b.customer_id AND q.other_customer_id = a.customer_id AND q.reason = r.reason)
                ORDER BY r.rowid
                """, [run])
            summary.reviewItemsInserted = connection.changes + existing.reviews
            summary.reviewItemsInserted += try publishReviewCorrections(run: run)
            try connection.execute("""
                INSERT OR IGNORE INTO main.rejects (source_id, source_file, record_key, column_name, code, stage,
                  whole_record, message, original_text, first_run_id)
                SELECT source_id, source_file, record_key, column_name, code, stage, whole_record, message, salon_seal(original_text), ?1
                FROM stg.stg_rejects ORDER BY rowid
                """, [run])
            summary.rejectsInserted = connection.changes
            try rememberRunCustomers(oneRecordEach: firstLoad)
            try connection.execute("DROP TABLE temp.customer_map")
            for sql in deferredIndexes { try connection.execute(sql) }
            try publishMergedSnapshots(run: run)
            try snapshotExistingCustomerMerges(run: run)
            summary.chat = try publishChat(run: run)
            if importing != nil { try captureReceiptVersions() }
            let receiptsWereEmpty = try connection.scalarInt("SELECT NOT EXISTS (SELECT 1 FROM main.receipts)") == 1
            summary.receipts = try publishReceipts(run: run, importing: importing != nil)
            try publishReceiptCorrections(run: run)
            summary.imported = try importing.map { try finishImport($0, run: run) }
            summary.derived = try publishDerived(
                run: run, plan: derive, customersWereEmpty: firstLoad, receiptsWereEmpty: receiptsWereEmpty)
            // Fingerprints commit with the data they describe, never without it.
            for file in sourceFiles {
                try connection.execute("""
                    INSERT OR IGNORE INTO source_files (source_id, path, sha256, size_bytes, encoding, first_run_id)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                    """,
                    [.text(file.sourceID), .text(file.path), .text(file.sha256), .int(file.size),
                     file.encoding.map(SQLiteValue.text) ?? .null, run])
            }
            if firstLoad { try checkForeignKeys() }
            try beforeCommit()
        }
        return summary
    }

    /// Fails when a row of the CRM database names a parent row that does not exist, naming the
    /// table and how many such rows it has (never their values).
    func checkForeignKeys() throws {
        var dangling: [String: Int] = [:]
        for row in try connection.query("PRAGMA main.foreign_key_check") {
            dangling[row[0].text ?? "?", default: 0] += 1
        }
        guard dangling.isEmpty else {
            let tables = dangling.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) rows)" }.joined(separator: ", ")
            throw SQLiteError(resultCode: 787, message: "FOREIGN KEY constraint failed after the first load: \(tables)")
        }
    }

    /// The tables a first load fills in bulk; their indexes are rebuilt once at the end.
    static let bulkTables = ["customers", "customer_phones", "notes", "member_cards", "merges"]

    /// On a first load into an empty database, drops the bulk tables' indexes and returns their
    /// definitions, to be created again after the inserts (inside the same transaction). Building
    /// an index from a full table is one sort; growing it row by row is millions of random B-tree
    /// inserts. The staged rows are unique by construction, and the unique indexes check that
    /// when they are rebuilt: a duplicate fails the publish and rolls everything back.
    ///
    /// Indexes led by the customer id stay: phones and notes are inserted in customer order, so
    /// those B-trees only grow at their right edge, which costs less than sorting them afterwards.
    private func dropIndexesForFirstLoad() throws -> [String] {
        guard try connection.scalarInt("SELECT NOT EXISTS (SELECT 1 FROM main.customers)") == 1 else { return [] }
        return try dropIndexes(of: Self.bulkTables, keeping: ["customer_phones_by_customer", "notes_by_source"])
    }

    /// Drops the indexes of `tables` (but those named in `keeping`) and returns their definitions,
    /// to be created again.
    func dropIndexes(of tables: [String], keeping: Set<String> = []) throws -> [String] {
        let tables = tables.map { "'\($0)'" }.joined(separator: ", ")
        let indexes = try connection.query("""
            SELECT name, sql FROM main.sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(tables)) ORDER BY name
            """)
        var definitions: [String] = []
        for row in indexes {
            // Names come from our own schema; anything else is left alone rather than spliced into SQL.
            guard let name = row[0].text, let sql = row[1].text,
                name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
            else { continue }
            if keeping.contains(name) { continue }
            try connection.execute("DROP INDEX main.\(name)")
            definitions.append(sql)
        }
        return definitions
    }
}
