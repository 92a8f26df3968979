import SalonCore

/// What publishing did to receipts, and how the run's receipts found their customers.
public struct ReceiptPublishSummary: Sendable, Codable, Equatable {
    public var receiptsInserted: Int64 = 0
    public var receiptsUpdated: Int64 = 0
    public var linesInserted: Int64 = 0
    public var linesUpdated: Int64 = 0
    /// Refunds whose original receipt was found in this publish (in any file or run).
    public var refundsLinked: Int64 = 0
    /// Refunds in the database still waiting for their original receipt.
    public var refundsWithoutOriginal: Int64 = 0
    /// The run's receipts by how they were linked: card, phone, masked_phone, or why not
    /// (masked_ambiguous, masked_no_match, phone_ambiguous, card_or_phone_unknown, no_contact).
    public var links: [String: Int64] = [:]

    public init() {}

    public var changedRows: Int64 { receiptsInserted + receiptsUpdated + linesInserted + linesUpdated + refundsLinked }
}

extension CRMDatabase {
    /// Upserts the staged receipts and lines keyed by (store, receipt number), links them to
    /// customers, and links refunds to their originals. Runs inside the publish transaction, after
    /// customers, phones and cards, so a receipt links to a customer published by the same run.
    ///
    /// Links, strongest first: the member card number in the receipt's store (`card`, 1.0); the
    /// exact phone of exactly one customer (`phone`, 1.0); a masked phone (138****5678) fitting
    /// the phones of exactly one of the store's customers — those living in the store or holding a
    /// card there — (`masked_phone`, below 1, see `maskedConfidence`). Several customers fitting is
    /// ambiguous and stays unlinked. No customer is ever created from a receipt.
    ///
    /// Upserting changes a row only when a staged value differs, so a re-run changes nothing;
    /// a receipt's provenance moves to the newer file only together with a change of content.
    /// - Returns: nil when the run staged no receipts.
    func publishReceipts(run: SQLiteValue, importing: Bool) throws -> ReceiptPublishSummary? {
        guard try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM stg.stg_receipt_line_rows)") == 1 else { return nil }
        var summary = ReceiptPublishSummary()
        try connection.execute("INSERT OR IGNORE INTO main.stores (code) SELECT DISTINCT store_code FROM stg.stg_receipt_line_rows")
        try stageReceiptHeads()
        try linkReceipts()
        for row in try connection.query("""
            SELECT COALESCE(link_method, link_note), COUNT(*) FROM temp.staged_receipts GROUP BY 1 ORDER BY 1
            """) {
            summary.links[row[0].text ?? ""] = row[1].int ?? 0
        }
        // Into an empty receipts table (a migration's first load) rows are appended without a
        // conflict check and each table's indexes are built once after its rows, instead of six
        // B-trees grown row by row for a million receipts. Never during an import.
        let firstLoad = try !importing && connection.scalarInt("SELECT NOT EXISTS (SELECT 1 FROM main.receipts)") == 1
        try withIndexesBuiltAfter(firstLoad ? ["receipts"] : []) { try upsertReceipts(run: run, firstLoad: firstLoad, summary: &summary) }
        try connection.execute("""
            UPDATE main.receipts SET refund_of = o.id
            FROM main.receipts AS o
            WHERE receipts.refund_of_receipt_no IS NOT NULL AND o.store_id = receipts.store_id
              AND o.receipt_no = receipts.refund_of_receipt_no AND o.id <> receipts.id AND receipts.refund_of IS NOT o.id
            """)
        summary.refundsLinked = connection.changes
        summary.refundsWithoutOriginal = try connection.scalarInt(
            "SELECT COUNT(*) FROM main.receipts WHERE refund_of_receipt_no IS NOT NULL AND refund_of IS NULL") ?? 0
        try withIndexesBuiltAfter(firstLoad ? ["receipt_lines"] : []) {
            try upsertReceiptLines(run: run, firstLoad: firstLoad, summary: &summary)
        }
        try connection.execute("DROP TABLE temp.staged_receipts")
        return summary
    }

    /// One row per staged receipt, its fields taken from its lines: the first line that has a
    /// value gives it (the aggregate `salon_first_by(rowid, value)`, in C: one pass over the lines
    /// instead of a lookup per field). The provenance is the first line's, its file and line
    /// number taken the same way rather than by reading that line again.
    private func stageReceiptHeads() throws {
        func first(_ column: String) -> String {
            "salon_first_by(l.rowid, l.\(column))"
        }
        // The customers holding each phone the staged lines name, looked up once per distinct
        // number (its blind index computed once) rather than once per receipt.
        try connection.execute("DROP TABLE IF EXISTS temp.receipt_phone_holders")
        try connection.execute("""
            CREATE TEMP TABLE receipt_phone_holders (e164 TEXT PRIMARY KEY, holders INTEGER NOT NULL, customer_id INTEGER)
            WITHOUT ROWID
            """)
        try connection.execute("""
            INSERT INTO temp.receipt_phone_holders (e164, holders, customer_id)
            SELECT n.e164, COUNT(DISTINCT p.customer_id), MIN(p.customer_id)
            FROM (SELECT DISTINCT phone_e164 AS e164 FROM stg.stg_receipt_line_rows WHERE phone_e164 IS NOT NULL) n
            JOIN main.customer_phones p ON p.e164 = salon_blind(n.e164)
            GROUP BY n.e164
            """)
        defer { try? connection.execute("DROP TABLE IF EXISTS temp.receipt_phone_holders") }
        // Linked as each row is written: a member card of the store first, then a phone exactly
        // one customer holds (a phone two customers share, a split mother and daughter, names
        // neither). Masked phones are matched afterwards, for the receipts still without one.
        try connection.execute("DROP TABLE IF EXISTS temp.staged_receipts")
        try connection.execute("""
            CREATE TEMP TABLE staged_receipts AS
            SELECT st.id AS store_id, g.*, f.source_id, f.source_file,
                   CASE WHEN f.sheet IS NULL THEN 'line ' || g.line ELSE f.sheet || '!' || g.line END AS record_key,
                   CAST(COALESCE(card.customer_id, CASE WHEN ph.holders = 1 THEN ph.customer_id END) AS INTEGER) AS customer_id,
                   CAST(CASE WHEN card.customer_id IS NOT NULL THEN 'card' WHEN ph.holders = 1 THEN 'phone' END AS TEXT) AS link_method,
                   CAST(CASE WHEN card.customer_id IS NOT NULL OR ph.holders = 1 THEN 1.0 END AS REAL) AS link_confidence,
                   CAST(CASE WHEN card.customer_id IS NULL AND ph.holders > 1 THEN 'phone_ambiguous' END AS TEXT) AS link_note,
                   0 AS masked_matches
            FROM (
              SELECT l.store_code, l.receipt_no, MIN(l.rowid) AS first_row,
                \(first("file_id")) AS file_id, \(first("line")) AS line,
                \(first("sold_at")) AS sold_at,
                salon_first_by(l.rowid, CASE WHEN l.sold_at IS NOT NULL THEN l.utc_offset END) AS utc_offset,
                \(first("card_number")) AS card_number, \(first("phone_e164")) AS phone_e164,
                \(first("masked_prefix")) AS masked_prefix,
                salon_first_by(l.rowid, CASE WHEN l.masked_prefix IS NOT NULL THEN l.masked_suffix END) AS masked_suffix,
                \(first("original_receipt_no")) AS refund_of_receipt_no,
                CASE WHEN COUNT(l.payment) = 0 THEN NULL WHEN MIN(l.payment) = MAX(l.payment) THEN MIN(l.payment) ELSE 'mixed' END AS payment,
                CASE WHEN SUM(l.status = 'refund') > 0 AND SUM(l.status = 'normal') = 0 THEN 'refund'
                     WHEN SUM(l.status <> 'void') = 0 THEN 'void' ELSE 'normal' END AS status,
                SUM(CASE WHEN l.status = 'void' THEN 0 ELSE l.amount_fen END) AS total_fen
              FROM stg.stg_receipt_line_rows l GROUP BY l.store_code, l.receipt_no
            ) g
            JOIN main.stores st ON st.code = g.store_code
            JOIN stg.stg_sources f ON f.file_id = g.file_id
            LEFT JOIN main.member_cards card ON g.card_number IS NOT NULL AND card.store_id = st.id AND card.card_key = g.card_number
            LEFT JOIN temp.receipt_phone_holders ph ON ph.e164 = g.phone_e164
            """)
        try connection.execute("CREATE UNIQUE INDEX temp.staged_receipts_by_number ON staged_receipts (store_id, receipt_no)")
    }

    /// Card and phone links are made with the rows (`stageReceiptHeads`); this adds masked phones
    /// and says why the rest have no customer.
    private func linkReceipts() throws {
        try linkMaskedPhones()
        try connection.execute("""
            UPDATE temp.staged_receipts SET link_note = CASE
              WHEN masked_prefix IS NOT NULL AND masked_matches > 1 THEN 'masked_ambiguous'
              WHEN masked_prefix IS NOT NULL THEN 'masked_no_match'
              WHEN card_number IS NULL AND phone_e164 IS NULL THEN 'no_contact'
              ELSE 'card_or_phone_unknown' END
            WHERE customer_id IS NULL AND link_note IS NULL
            """)
    }

    /// Each store phone as the receipts' masks would show it (`138*5678` for three digits in front
    /// and four behind), once per mask shape the staged receipts use (usually one), so a masked
    /// receipt finds its candidates by equality on an index instead of testing every phone that
    /// shares its prefix. The `*` sits after the prefix, so different shapes never collide.
    private func indexMaskedForms(shapes: [(prefix: Int, suffix: Int)]) throws {
        try connection.execute("DROP TABLE IF EXISTS temp.masked_forms")
        try connection.execute("CREATE TEMP TABLE masked_forms (store_id INTEGER, customer_id INTEGER, masked TEXT)")
        for shape in shapes {
            try connection.execute("""
                INSERT INTO temp.masked_forms (store_id, customer_id, masked)
                SELECT store_id, customer_id, substr(national, 1, ?1) || '*' || substr(national, 12 - ?2) FROM temp.store_phones
                WHERE length(national) = 11
                """, [.int(Int64(shape.prefix)), .int(Int64(shape.suffix))])
        }
        try connection.execute("CREATE INDEX temp.masked_forms_by_mask ON masked_forms (store_id, masked)")
    }

    /// Matches masked phones against the national mobiles of each store's customers.
    private func linkMaskedPhones() throws {
        guard try connection.scalarInt(
            "SELECT EXISTS (SELECT 1 FROM temp.staged_receipts WHERE customer_id IS NULL AND masked_prefix IS NOT NULL)") == 1
        else { return }
        try connection.execute("DROP TABLE IF EXISTS temp.store_phones")
        try connection.execute("""
            CREATE TEMP TABLE store_phones AS
            SELECT DISTINCT k.store_id, p.customer_id, substr(p.phone, 4) AS national
            FROM (SELECT id AS customer_id, home_store_id AS store_id FROM main.customers
                  WHERE home_store_id IN (SELECT store_id FROM temp.staged_receipts WHERE masked_prefix IS NOT NULL)
                  UNION
                  SELECT customer_id, store_id FROM main.member_cards
                  WHERE store_id IN (SELECT store_id FROM temp.staged_receipts WHERE masked_prefix IS NOT NULL)) k
            JOIN (SELECT customer_id, salon_open(COALESCE(e164_sealed, e164)) AS phone FROM main.customer_phones) p
              ON p.customer_id = k.customer_id
            WHERE p.phone GLOB '+861[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
            """)
        try connection.execute("CREATE INDEX temp.store_phones_by_number ON store_phones (store_id, national)")
        try indexMaskedForms(shapes: connection.query("""
            SELECT DISTINCT length(masked_prefix), length(masked_suffix) FROM temp.staged_receipts
            WHERE customer_id IS NULL AND masked_prefix IS NOT NULL
            """).map { (Int($0[0].int ?? 0), Int($0[1].int ?? 0)) })
        // Confidence per store and number of visible digits: the store's phones are counted once
        // per store, not once per receipt (a chain's till exports hold hundreds of thousands), and
        // before the matching, so the one pass that links a receipt also gives its confidence.
        let groups = try connection.query("""
            SELECT g.store_id, g.visible, c.phones
            FROM (SELECT DISTINCT store_id, length(masked_prefix) + length(masked_suffix) AS visible
                  FROM temp.staged_receipts WHERE customer_id IS NULL AND masked_prefix IS NOT NULL) g
            JOIN (SELECT store_id, COUNT(DISTINCT national) AS phones FROM temp.store_phones GROUP BY store_id) c
              ON c.store_id = g.store_id
            """)
        try connection.execute("DROP TABLE IF EXISTS temp.masked_confidence")
        try connection.execute(
            "CREATE TEMP TABLE masked_confidence (store_id INTEGER, visible INTEGER, confidence REAL, PRIMARY KEY (store_id, visible))")
        for group in groups {
            let confidence = Self.maskedConfidence(visibleDigits: Int(group[1].int ?? 0), knownPhones: Int(group[2].int ?? 0))
            try connection.execute("INSERT INTO temp.masked_confidence VALUES (?1, ?2, ?3)", [group[0], group[1], .double(confidence)])
        }
        try connection.execute("""
            UPDATE temp.staged_receipts SET masked_matches = m.matches, customer_id = CASE WHEN m.matches = 1 THEN m.customer_id END,
              link_method = CASE WHEN m.matches = 1 THEN 'masked_phone' END,
              link_confidence = CASE WHEN m.matches = 1 THEN (SELECT c.confidence FROM temp.masked_confidence c
                WHERE c.store_id = m.store_id AND c.visible = m.visible) END
            FROM (SELECT r.store_id, r.receipt_no, COUNT(DISTINCT p.customer_id) AS matches, MIN(p.customer_id) AS customer_id,
                    MIN(length(r.masked_prefix) + length(r.masked_suffix)) AS visible
                  FROM temp.staged_receipts r JOIN temp.masked_forms p
                    ON p.store_id = r.store_id AND p.masked = r.masked_prefix || '*' || r.masked_suffix
                  WHERE r.customer_id IS NULL AND r.masked_prefix IS NOT NULL
                  GROUP BY r.store_id, r.receipt_no) m
            WHERE staged_receipts.store_id = m.store_id AND staged_receipts.receipt_no = m.receipt_no
            """)
        try connection.execute("DROP TABLE temp.masked_forms")
        try connection.execute("DROP TABLE temp.masked_confidence")
        try connection.execute("DROP TABLE temp.store_phones")
    }

    /// The chance that the one fitting phone is the right one: one minus the number of the store's
    /// phones expected to share the visible digits by chance (the leading 1 of a mobile tells
    /// nothing). The same figure as `MaskedPhoneMatcher`: 3 + 4 visible digits among 1,000 phones
    /// give 0.999.
    static func maskedConfidence(visibleDigits: Int, knownPhones: Int) -> Double {
        var chance = Double(knownPhones)
        for _ in 0..<max(visibleDigits - 1, 0) { chance /= 10 }
        return max(0, 1 - chance)
    }

    /// Drops the indexes of `tables`, runs `body`, and creates them again.
    private func withIndexesBuiltAfter(_ tables: [String], _ body: () throws -> Void) throws {
        let definitions = tables.isEmpty ? [] : try dropIndexes(of: tables)
        try body()
        for sql in definitions { try connection.execute(sql) }
    }

    /// An upsert, or on a first load a plain append (staged receipts are unique by store and number).
    private func upsertReceipts(run: SQLiteValue, firstLoad: Bool, summary: inout ReceiptPublishSummary) throws {
        // Rows are counted by the highest id (new rows append), not COUNT(*): a count walks the
        // whole table, and an import publishes once per file into an ever larger one.
        let before = try connection.scalarInt("SELECT COALESCE(MAX(id), 0) FROM main.receipts") ?? 0
        let content = ["sold_at", "utc_offset", "customer_id", "card_number", "link_method", "link_confidence", "masked_phone",
                       "payment", "status", "refund_of_receipt_no", "total_fen"]
        try connection.execute("""
            INSERT INTO main.receipts (store_id, receipt_no, sold_at, utc_offset, customer_id, card_number, link_method,
              link_confidence, masked_phone, payment, status, refund_of_receipt_no, total_fen, source_id, source_file,
              record_key, created_run_id, updated_run_id)
            SELECT store_id, receipt_no, sold_at, utc_offset, customer_id, card_number, link_method, link_confidence,
              CASE WHEN masked_prefix IS NOT NULL THEN masked_prefix
                || substr('***********', 1, max(11 - length(masked_prefix) - length(masked_suffix), 1)) || masked_suffix END,
              payment, status, refund_of_receipt_no, total_fen, source_id, source_file, record_key, ?1, ?1
            FROM temp.staged_receipts WHERE true ORDER BY first_row
            \(firstLoad ? "" : """
            ON CONFLICT (store_id, receipt_no) DO UPDATE SET
              \(content.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")),
              source_id = excluded.source_id, source_file = excluded.source_file, record_key = excluded.record_key,
              updated_run_id = excluded.updated_run_id
            WHERE \(content.map { "receipts.\($0) IS NOT excluded.\($0)" }.joined(separator: " OR "))
            """)
            """, [run])
        let changed = connection.changes
        summary.receiptsInserted = (try connection.scalarInt("SELECT COALESCE(MAX(id), 0) FROM main.receipts") ?? 0) - before
        summary.receiptsUpdated = changed - summary.receiptsInserted
    }

    /// Lines are numbered in staging order within their receipt; a re-run numbers them the same.
    /// They are written receipt by receipt (in receipt id order). The sort that numbers them runs
    /// over narrow rows (staged row, receipt id, line number) into a temporary table, and the
    /// insert then reads each staged line by its row number in that order: sorting the full lines
    /// (items, technicians, provenance) cost W2's three million lines 3 s more.
    private func upsertReceiptLines(run: SQLiteValue, firstLoad: Bool, summary: inout ReceiptPublishSummary) throws {
        let before = try connection.scalarInt("SELECT COALESCE(MAX(id), 0) FROM main.receipt_lines") ?? 0
        let content = ["item", "technician", "quantity_milli", "unit_price_fen", "amount_fen", "payment", "status", "points"]
        try connection.execute("DROP TABLE IF EXISTS temp.line_order")
        try connection.execute("""
            CREATE TEMP TABLE line_order AS
            SELECT l.rowid AS row_order, r.id AS receipt_id,
              ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY l.rowid) AS line_no
            FROM stg.stg_receipt_line_rows l
            CROSS JOIN main.stores st CROSS JOIN main.receipts r
            WHERE st.code = l.store_code AND r.store_id = st.id AND r.receipt_no = l.receipt_no
            ORDER BY r.id, l.rowid
            """)
        defer { try? connection.execute("DROP TABLE IF EXISTS temp.line_order") }
        try connection.execute("""
            INSERT INTO main.receipt_lines (receipt_id, line_no, item, technician, quantity_milli, unit_price_fen, amount_fen,
              payment, status, points, source_id, source_file, record_key, run_id)
            SELECT o.receipt_id, o.line_no,
              l.item, l.technician, l.quantity_milli, l.unit_price_fen, l.amount_fen, l.payment, l.status, l.points,
              l.source_id, l.source_file, l.record_key, ?1
            FROM temp.line_order o JOIN stg.stg_receipt_lines l ON l.row_order = o.row_order
            WHERE true ORDER BY o.rowid
            \(firstLoad ? "" : """
            ON CONFLICT (receipt_id, line_no) DO UPDATE SET
              \(content.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")),
              source_id = excluded.source_id, source_file = excluded.source_file, record_key = excluded.record_key,
              run_id = excluded.run_id
            WHERE \(content.map { "receipt_lines.\($0) IS NOT excluded.\($0)" }.joined(separator: " OR "))
            """)
            """, [run])
        let changed = connection.changes
        summary.linesInserted = (try connection.scalarInt("SELECT COALESCE(MAX(id), 0) FROM main.receipt_lines") ?? 0) - before
        summary.linesUpdated = changed - summary.linesInserted
    }
}
