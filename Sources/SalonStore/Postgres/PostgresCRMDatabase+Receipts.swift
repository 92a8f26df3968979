import SalonCore

extension PostgresCRMDatabase {
    /// Publishes the staged receipts with the rules of `CRMDatabase.publishReceipts`: upserted by
    /// (store, receipt number), linked to customers by card, phone or masked phone, refunds linked
    /// to their originals. Runs inside the publish transaction, after customers, phones and cards.
    ///
    /// Where SQLite upserts with `ON CONFLICT DO UPDATE`, PostgreSQL updates the changed rows and
    /// then inserts the new ones: an upsert there draws an identity value for every row it tries,
    /// so a re-run would leave gaps and the new receipts would not get the ids SQLite gives them.
    /// - Returns: nil when the run staged no receipts.
    func publishReceipts(run: String, firstLoad: Bool = false) throws -> ReceiptPublishSummary? {
        guard try connection.scalarInt("SELECT COUNT(*) FROM (SELECT 1 FROM stg_receipt_lines LIMIT 1) x") == 1 else { return nil }
        var summary = ReceiptPublishSummary()
        // Into empty receipt tables the rows go in without their secondary indexes and foreign
        // keys, which are restored (and checked) once the rows are in, as for the customer tables:
        // W2's 1.5 million receipts and 3 million lines otherwise grew seven B-trees row by row
        // and ran a foreign-key trigger per row (34 s of inserts).
        let receiptsWereEmpty = try firstLoad
            && connection.scalarInt("SELECT CASE WHEN EXISTS (SELECT 1 FROM receipts) THEN 0 ELSE 1 END") == 1
        let deferred = receiptsWereEmpty ? try dropIndexesForFirstLoad(of: ["receipts", "receipt_lines"]) : []
        try connection.execute("""
            INSERT INTO stores (code)
            SELECT store_code FROM stg_receipt_lines GROUP BY store_code ORDER BY MIN(row_order)
            ON CONFLICT DO NOTHING
            """, [])
        try stageReceiptHeads()
        try linkReceipts()
        for row in try connection.query("""
            SELECT COALESCE(link_method, link_note), COUNT(*) FROM staged_receipts GROUP BY 1 ORDER BY 1
            """) {
            summary.links[row[0] ?? ""] = row[1].flatMap { Int64($0) } ?? 0
        }
        try upsertReceipts(run: run, summary: &summary)
        summary.refundsLinked = try connection.execute("""
            UPDATE receipts r SET refund_of = o.id
            FROM receipts o
            WHERE r.refund_of_receipt_no IS NOT NULL AND o.store_id = r.store_id
              AND o.receipt_no = r.refund_of_receipt_no AND o.id <> r.id AND r.refund_of IS DISTINCT FROM o.id
            """, [])
        summary.refundsWithoutOriginal = try connection.scalarInt(
            "SELECT COUNT(*) FROM receipts WHERE refund_of_receipt_no IS NOT NULL AND refund_of IS NULL") ?? 0
        try upsertReceiptLines(run: run, receiptsWereEmpty: receiptsWereEmpty, summary: &summary)
        for definition in deferred { try connection.execute(definition) }
        // Derived fields read receipts next, within this transaction.
        if !deferred.isEmpty { try analyzeInPublish(["receipts", "receipt_lines"]) }
        return summary
    }

    /// One row per staged receipt, each field from the first line (in staging order) that has it,
    /// linked to its customer by card or phone as it is written (as on SQLite): updating a million
    /// staged receipts afterwards wrote each of them twice more (6 s of W2).
    ///
    /// The lines are sorted once, by receipt and staging order, and aggregated in that order: an
    /// `array_agg(… ORDER BY row_order)` per field made PostgreSQL 15 sort every receipt's lines
    /// again for each of seven fields (5 of W2's 12 s for 1.5 million receipts). Hash aggregation
    /// is off for the statement, so the groups are read from the sorted lines as they come. The
    /// sort compares bytes (`COLLATE "C"`): grouping needs only equality, which is the same in the
    /// database's collation, and a locale's comparison costs a second of W2's sort.
    private func stageReceiptHeads() throws {
        func first(_ column: String, when present: String? = nil) -> String {
            let condition = [present, column].compactMap { $0.map { "l.\($0) IS NOT NULL" } }.joined(separator: " AND ")
            return "(array_agg(l.\(column)) FILTER (WHERE \(condition)))[1]"
        }
        func key(_ column: String) -> String { "(l.\(column) COLLATE \"C\") COLLATE \"default\" AS \(column)" }
        try connection.with(setting: "enable_hashagg", "off") {
            try connection.fillSessionTable("staged_receipts", with: """
                SELECT st.id AS store_id, g.*,
                  CAST(COALESCE(card.customer_id, CASE WHEN ph.holders = 1 THEN ph.customer_id END) AS BIGINT) AS customer_id,
                  CAST(CASE WHEN card.customer_id IS NOT NULL THEN 'card' WHEN ph.holders = 1 THEN 'phone' END AS TEXT) AS link_method,
                  CAST(CASE WHEN card.customer_id IS NOT NULL OR ph.holders = 1 THEN 1.0 END AS DOUBLE PRECISION) AS link_confidence,
                  CAST(CASE WHEN card.customer_id IS NULL AND ph.holders > 1 THEN 'phone_ambiguous' END AS TEXT) AS link_note,
                  0 AS masked_matches
                FROM (
                  SELECT \(key("store_code")), \(key("receipt_no")), MIN(l.row_order) AS first_row,
                    \(first("sold_at")) AS sold_at, \(first("utc_offset", when: "sold_at")) AS utc_offset,
                    \(first("card_number")) AS card_number,
                    -- The phone as customer_phones holds it: its blind index when the CRM is encrypted.
                    \(first("phone_blind")) AS phone_e164,
                    \(first("masked_prefix")) AS masked_prefix, \(first("masked_suffix", when: "masked_prefix")) AS masked_suffix,
                    \(first("original_receipt_no")) AS refund_of_receipt_no,
                    CASE WHEN COUNT(l.payment) = 0 THEN NULL WHEN MIN(l.payment) = MAX(l.payment) THEN MIN(l.payment) ELSE 'mixed' END AS payment,
                    CASE WHEN COUNT(*) FILTER (WHERE l.status = 'refund') > 0 AND COUNT(*) FILTER (WHERE l.status = 'normal') = 0 THEN 'refund'
                         WHEN COUNT(*) FILTER (WHERE l.status <> 'void') = 0 THEN 'void' ELSE 'normal' END AS status,
                    CAST(SUM(CASE WHEN l.status = 'void' THEN 0 ELSE l.amount_fen END) AS BIGINT) AS total_fen,
                    -- The first line's provenance.
                    (array_agg(l.source_id))[1] AS source_id, (array_agg(l.source_file))[1] AS source_file,
                    (array_agg(l.record_key))[1] AS record_key
                  FROM (SELECT * FROM stg_receipt_lines ORDER BY store_code COLLATE "C", receipt_no COLLATE "C", row_order) l
                  GROUP BY l.store_code COLLATE "C", l.receipt_no COLLATE "C"
                ) g
                JOIN stores st ON st.code = g.store_code
                LEFT JOIN member_cards card ON g.card_number IS NOT NULL AND card.store_id = st.id AND card.card_key = g.card_number
                LEFT JOIN (
                  SELECT e164, COUNT(DISTINCT customer_id) AS holders, MIN(customer_id) AS customer_id FROM customer_phones
                  WHERE e164 IN (SELECT phone_blind FROM stg_receipt_lines WHERE phone_blind IS NOT NULL) GROUP BY e164
                ) ph ON ph.e164 = g.phone_e164
                """, indexes: ["CREATE UNIQUE INDEX IF NOT EXISTS staged_receipts_by_number ON staged_receipts (store_id, receipt_no)"])
        }
        try connection.execute("ANALYZE staged_receipts")
    }

    /// Card and phone links are made with the rows (`stageReceiptHeads`): a member card of the
    /// store first, then a phone exactly one customer holds (a phone two customers share, a split
    /// mother and daughter, names neither). This adds masked phones and says why the rest have no
    /// customer.
    private func linkReceipts() throws {
        try linkMaskedPhones()
        try connection.execute("""
            UPDATE staged_receipts SET link_note = CASE
              WHEN masked_prefix IS NOT NULL AND masked_matches > 1 THEN 'masked_ambiguous'
              WHEN masked_prefix IS NOT NULL THEN 'masked_no_match'
              WHEN card_number IS NULL AND phone_e164 IS NULL THEN 'no_contact'
              ELSE 'card_or_phone_unknown' END
            WHERE customer_id IS NULL AND link_note IS NULL
            """, [])
    }

    /// Matches masked phones against the national mobiles of each store's customers. The numbers
    /// compare in the "C" collation, so the prefix bounds an index range whatever the database's
    /// own collation is.
    private func linkMaskedPhones() throws {
        guard try connection.scalarInt(
            "SELECT COUNT(*) FROM (SELECT 1 FROM staged_receipts WHERE customer_id IS NULL AND masked_prefix IS NOT NULL LIMIT 1) x") == 1
        else { return }
        let storeCustomers = """
            (SELECT id AS customer_id, home_store_id AS store_id FROM customers
             WHERE home_store_id IN (SELECT store_id FROM staged_receipts WHERE masked_prefix IS NOT NULL)
             UNION
             SELECT customer_id, store_id FROM member_cards
             WHERE store_id IN (SELECT store_id FROM staged_receipts WHERE masked_prefix IS NOT NULL)) k
            JOIN customer_phones p ON p.customer_id = k.customer_id
            """
        if let keyRing {
            // Encrypted phones are opened here, in the process that holds the keys; the database
            // only ever sees the national numbers in this transaction's temporary table.
            try connection.execute("""
                CREATE TEMP TABLE store_phones (store_id BIGINT, customer_id BIGINT, national TEXT COLLATE "C") ON COMMIT DROP
                """)
            // Not DISTINCT: each (store, customer) comes once from the UNION and a customer holds a
            // number once, and the numbers are compared opened, below; sorting W2's 300,000 sealed
            // phones found no duplicate (the statement: 3.0-3.4 -> 2.8 s).
            let rows = try connection.query("SELECT k.store_id, p.customer_id, p.e164_sealed FROM \(storeCustomers)")
            _ = try connection.copy("COPY store_phones (store_id, customer_id, national) FROM STDIN") { writer in
                var seen = Set<String>()
                for row in rows {
                    guard let sealed = row[2], let phone = try? keyRing.open(sealed), Self.isMainlandMobile(phone) else { continue }
                    let national = String(phone.dropFirst(3))
                    guard seen.insert("\(row[0] ?? "")|\(row[1] ?? "")|\(national)").inserted else { continue }
                    writer.field(row[0])
                    writer.field(row[1])
                    writer.field(national)
                    try writer.endRow()
                }
            }
        } else {
            try connection.execute("""
                CREATE TEMP TABLE store_phones ON COMMIT DROP AS
                SELECT DISTINCT k.store_id, p.customer_id, substr(p.e164, 4) COLLATE "C" AS national
                FROM \(storeCustomers)
                WHERE p.e164 ~ '^[+]861[0-9]{10}$'
                """)
        }
        try connection.execute("CREATE INDEX store_phones_by_number ON store_phones (store_id, national)")
        // Each store phone as the receipts' masks show it (`138*5678`), once per mask shape in use,
        // so a masked receipt finds its candidates by equality on an index (as on SQLite).
        try connection.execute("CREATE TEMP TABLE masked_forms (store_id BIGINT, customer_id BIGINT, masked TEXT COLLATE \"C\") ON COMMIT DROP")
        let shapes = try connection.query("""
            SELECT DISTINCT length(masked_prefix), length(masked_suffix) FROM staged_receipts
            WHERE customer_id IS NULL AND masked_prefix IS NOT NULL
            """)
        for shape in shapes {
            try connection.execute("""
                INSERT INTO masked_forms (store_id, customer_id, masked)
                SELECT store_id, customer_id, substr(national, 1, $1::int) || '*' || substr(national, 12 - $2::int) FROM store_phones
                WHERE length(national) = 11
                """, [shape[0], shape[1]])
        }
        try connection.execute("CREATE INDEX masked_forms_by_mask ON masked_forms (store_id, masked)")
        try connection.execute("ANALYZE masked_forms")
        try connection.execute("""
            UPDATE staged_receipts sr SET masked_matches = m.matches, customer_id = CASE WHEN m.matches = 1 THEN m.customer_id END,
              link_method = CASE WHEN m.matches = 1 THEN 'masked_phone' END
            FROM (SELECT r.store_id, r.receipt_no, COUNT(DISTINCT p.customer_id) AS matches, MIN(p.customer_id) AS customer_id
                  FROM staged_receipts r JOIN masked_forms p
                    ON p.store_id = r.store_id AND p.masked = r.masked_prefix || '*' || r.masked_suffix
                  WHERE r.customer_id IS NULL AND r.masked_prefix IS NOT NULL
                  GROUP BY r.store_id, r.receipt_no) m
            WHERE sr.store_id = m.store_id AND sr.receipt_no = m.receipt_no
            """, [])
        // Confidence per store and number of visible digits, the store's phones counted once.
        let groups = try connection.query("""
            SELECT g.store_id, g.visible, c.phones
            FROM (SELECT DISTINCT store_id, length(masked_prefix) + length(masked_suffix) AS visible
                  FROM staged_receipts WHERE link_method = 'masked_phone') g
            JOIN (SELECT store_id, COUNT(DISTINCT national) AS phones FROM store_phones GROUP BY store_id) c
              ON c.store_id = g.store_id
            """)
        for group in groups {
            let confidence = CRMDatabase.maskedConfidence(
                visibleDigits: Int(group[1] ?? "") ?? 0, knownPhones: Int(group[2] ?? "") ?? 0)
            try connection.execute("""
                UPDATE staged_receipts SET link_confidence = $3
                WHERE link_method = 'masked_phone' AND store_id = $1 AND length(masked_prefix) + length(masked_suffix) = $2
                """, [group[0], group[1], String(confidence)])
        }
    }

    /// The receipt columns an upsert compares and copies.
    private static let receiptContent = [
        "sold_at", "utc_offset", "customer_id", "card_number", "link_method", "link_confidence", "masked_phone",
        "payment", "status", "refund_of_receipt_no", "total_fen",
    ]
    private static let lineContent = ["item", "technician", "quantity_milli", "unit_price_fen", "amount_fen", "payment", "status", "points"]

    /// `SET a = s.a, …` and `(t.a IS DISTINCT FROM s.a OR …)` for the columns of an upsert.
    private static func assignments(_ columns: [String]) -> String {
        columns.map { "\($0) = s.\($0)" }.joined(separator: ", ")
    }

    private static func differs(_ columns: [String], _ table: String) -> String {
        "(" + columns.map { "\(table).\($0) IS DISTINCT FROM s.\($0)" }.joined(separator: " OR ") + ")"
    }

    private func upsertReceipts(run: String, summary: inout ReceiptPublishSummary) throws {
        let staged = """
            SELECT store_id, receipt_no, first_row, sold_at, utc_offset, customer_id, card_number, link_method, link_confidence,
              CASE WHEN masked_prefix IS NOT NULL THEN masked_prefix
                || substr('***********', 1, GREATEST(11 - length(masked_prefix) - length(masked_suffix), 1)) || masked_suffix END
                AS masked_phone,
              payment, status, refund_of_receipt_no, total_fen, source_id, source_file, record_key
            FROM staged_receipts
            """
        let content = Self.receiptContent
        summary.receiptsUpdated = try connection.execute("""
            UPDATE receipts r SET \(Self.assignments(content)),
              source_id = s.source_id, source_file = s.source_file, record_key = s.record_key, updated_run_id = $1
            FROM (\(staged)) s
            WHERE r.store_id = s.store_id AND r.receipt_no = s.receipt_no AND \(Self.differs(content, "r"))
            """, [run])
        summary.receiptsInserted = try connection.execute("""
            INSERT INTO receipts (store_id, receipt_no, \(content.joined(separator: ", ")), source_id, source_file,
              record_key, created_run_id, updated_run_id)
            SELECT store_id, receipt_no, \(content.joined(separator: ", ")), source_id, source_file, record_key, $1, $1
            FROM (\(staged)) s
            WHERE NOT EXISTS (SELECT 1 FROM receipts r WHERE r.store_id = s.store_id AND r.receipt_no = s.receipt_no)
            ORDER BY first_row
            """, [run])
    }

    /// Lines are numbered in staging order within their receipt; a re-run numbers them the same.
    /// New lines get their ids receipt by receipt, as on SQLite. Lines are numbered per receipt
    /// id, an integer, rather than per store code and receipt number, which sort as text.
    ///
    /// `receiptsWereEmpty`: the receipt tables were empty when this publish began, so every line
    /// is new. Its lines go straight in, numbered in the sort that also orders the insert, instead
    /// of through a staged copy that is then compared with nothing (W2: 3 million lines written
    /// twice and sorted twice).
    private func upsertReceiptLines(run: String, receiptsWereEmpty: Bool, summary: inout ReceiptPublishSummary) throws {
        let content = Self.lineContent
        if receiptsWereEmpty {
            summary.linesInserted = try connection.execute("""
                INSERT INTO receipt_lines (receipt_id, line_no, \(content.joined(separator: ", ")), source_id, source_file,
                  record_key, run_id)
                SELECT r.id, ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY l.row_order),
                  \(content.map { "l.\($0)" }.joined(separator: ", ")), l.source_id, l.source_file, l.record_key, $1
                FROM stg_receipt_lines l
                JOIN stores st ON st.code = l.store_code
                JOIN receipts r ON r.store_id = st.id AND r.receipt_no = l.receipt_no
                ORDER BY r.id, l.row_order
                """, [run])
            return
        }
        try connection.fillSessionTable("staged_lines", with: """
            SELECT r.id AS receipt_id, ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY l.row_order) AS line_no,
              l.item, l.technician, l.quantity_milli, l.unit_price_fen, l.amount_fen, l.payment, l.status, l.points,
              l.source_id, l.source_file, l.record_key, l.row_order
            FROM stg_receipt_lines l
            JOIN staged_receipts s ON s.store_code = l.store_code AND s.receipt_no = l.receipt_no
            JOIN receipts r ON r.store_id = s.store_id AND r.receipt_no = s.receipt_no
            """)
        summary.linesUpdated = try connection.execute("""
            UPDATE receipt_lines t SET \(Self.assignments(content)),
              source_id = s.source_id, source_file = s.source_file, record_key = s.record_key, run_id = $1
            FROM staged_lines s
            WHERE t.receipt_id = s.receipt_id AND t.line_no = s.line_no AND \(Self.differs(content, "t"))
            """, [run])
        summary.linesInserted = try connection.execute("""
            INSERT INTO receipt_lines (receipt_id, line_no, \(content.joined(separator: ", ")), source_id, source_file,
              record_key, run_id)
            SELECT receipt_id, line_no, \(content.joined(separator: ", ")), source_id, source_file, record_key, $1
            FROM staged_lines s
            WHERE NOT EXISTS (SELECT 1 FROM receipt_lines t WHERE t.receipt_id = s.receipt_id AND t.line_no = s.line_no)
            ORDER BY receipt_id, row_order
            """, [run])
    }

    /// Copies the year corrections the run applied to its staged receipts, as
    /// `CRMDatabase.publishReceiptCorrections` does.
    @discardableResult
    func publishReceiptCorrections(run: String) throws -> Int64 {
        try connection.execute("""
            INSERT INTO receipt_date_corrections (run_id, store_code, receipt_no, sold_at_before, sold_at_after, reason,
              applied_by, source_id, source_file, record_key)
            SELECT $1, store_code, receipt_no, sold_at_before, sold_at_after, reason, 'pipeline', source_id, source_file, record_key
            FROM stg_receipt_year_corrections ORDER BY row_order
            """, [run])
    }

    /// +861 and ten digits: a mainland mobile, the only numbers a till masks as 138****5678.
    static func isMainlandMobile(_ e164: String) -> Bool {
        let bytes = Array(e164.utf8)
        return bytes.count == 14 && e164.hasPrefix("+861") && bytes.dropFirst(4).allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
