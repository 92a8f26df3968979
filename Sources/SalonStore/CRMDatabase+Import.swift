import SalonCore

/// The periodic import's part of publishing: receipt corrections kept as history, lines a
/// correction dropped, stored-value movements and the file's fingerprint. Everything runs inside
/// the publish transaction, around `publishReceipts`.
extension CRMDatabase {
    /// The staged receipts' keys joined to the receipts the database already holds.
    private static let stagedKeys = """
        (SELECT store_code, receipt_no, COUNT(*) AS line_count FROM stg.stg_receipt_line_rows GROUP BY store_code, receipt_no) k
        JOIN main.stores s ON s.code = k.store_code
        JOIN main.receipts r ON r.store_id = s.id AND r.receipt_no = k.receipt_no
        """

    /// A receipt's content as one comparable value: the head fields a correction can change and
    /// its lines as a JSON array in line order.
    private static func versionColumns(_ r: String) -> String {
        """
        \(r).sold_at, \(r).status, \(r).payment, \(r).card_number, \(r).total_fen,
        (SELECT json_group_array(json_array(l.line_no, l.item, l.technician, l.quantity_milli, l.unit_price_fen,
                 l.amount_fen, l.payment, l.status, l.points))
         FROM (SELECT * FROM main.receipt_lines WHERE receipt_id = \(r).id ORDER BY line_no) l) AS lines
        """
    }

    /// Before the upsert: the current version of every receipt the file repeats.
    func captureReceiptVersions() throws {
        try connection.execute("DROP TABLE IF EXISTS temp.import_before")
        try connection.execute("""
            CREATE TEMP TABLE import_before AS
            SELECT r.id AS receipt_id, r.store_id, r.receipt_no, \(Self.versionColumns("r")),
                   r.source_file, r.record_key, r.updated_run_id
            FROM \(Self.stagedKeys)
            """)
    }

    /// After the upsert: drops lines a correction no longer lists, records corrections in
    /// `receipt_history` (the version before, once, and the version after, each with its file),
    /// applies stored-value movements and records the file.
    func finishImport(_ file: ImportedFile, run: SQLiteValue) throws -> ImportPublishSummary {
        var summary = ImportPublishSummary()
        try connection.execute("""
            DELETE FROM main.receipt_lines WHERE id IN (
              SELECT l.id FROM \(Self.stagedKeys) JOIN main.receipt_lines l ON l.receipt_id = r.id AND l.line_no > k.line_count)
            """)
        summary.linesRemoved = connection.changes
        try connection.execute("DROP TABLE IF EXISTS temp.import_changed")
        try connection.execute("""
            CREATE TEMP TABLE import_changed AS
            SELECT b.*, a.sold_at AS new_sold_at, a.status AS new_status, a.payment AS new_payment,
                   a.card_number AS new_card_number, a.total_fen AS new_total_fen, a.lines AS new_lines
            FROM temp.import_before b
            JOIN (SELECT r.id, \(Self.versionColumns("r")) FROM main.receipts r
                  WHERE r.id IN (SELECT receipt_id FROM temp.import_before)) a ON a.id = b.receipt_id
            WHERE a.sold_at IS NOT b.sold_at OR a.status IS NOT b.status OR a.payment IS NOT b.payment
               OR a.card_number IS NOT b.card_number OR a.total_fen IS NOT b.total_fen OR a.lines IS NOT b.lines
            """)
        summary.corrections = try connection.scalarInt("SELECT COUNT(*) FROM temp.import_changed") ?? 0
        if summary.corrections > 0 {
            // The corrected receipt now comes from this file, even when only its lines changed.
            try connection.execute("""
                UPDATE main.receipts SET source_id = v.source_id, source_file = v.source_file, record_key = v.record_key,
                  updated_run_id = ?1
                FROM (SELECT store_code, receipt_no, source_id, source_file, record_key, MIN(row_order)
                      FROM stg.stg_receipt_lines GROUP BY store_code, receipt_no) v, main.stores s
                WHERE receipts.id IN (SELECT receipt_id FROM temp.import_changed)
                  AND s.id = receipts.store_id AND v.store_code = s.code AND v.receipt_no = receipts.receipt_no
                """, [run])
            try connection.execute("""
                INSERT OR IGNORE INTO main.receipt_history (store_id, receipt_no, version, sold_at, status, payment, card_number,
                  total_fen, lines, source_file, record_key, run_id)
                SELECT store_id, receipt_no, 1, sold_at, status, payment, card_number, total_fen, lines, source_file, record_key,
                  updated_run_id
                FROM temp.import_changed ORDER BY receipt_id
                """)
            summary.historyRows = connection.changes
            try connection.execute("""
                INSERT INTO main.receipt_history (store_id, receipt_no, version, sold_at, status, payment, card_number,
                  total_fen, lines, source_file, record_key, run_id)
                SELECT c.store_id, c.receipt_no,
                  (SELECT MAX(version) + 1 FROM main.receipt_history h WHERE h.store_id = c.store_id AND h.receipt_no = c.receipt_no),
                  c.new_sold_at, c.new_status, c.new_payment, c.new_card_number, c.new_total_fen, c.new_lines,
                  r.source_file, r.record_key, ?1
                FROM temp.import_changed c JOIN main.receipts r ON r.id = c.receipt_id ORDER BY c.receipt_id
                """, [run])
            summary.historyRows += connection.changes
        }
        try connection.execute("DROP TABLE temp.import_changed")
        try connection.execute("DROP TABLE temp.import_before")
        try applyCardMovements(run: run, summary: &summary)
        try connection.execute("""
            INSERT OR REPLACE INTO main.import_files (sha256, source_id, path, size_bytes, file_date, status, cut_at,
              records_in, rejected, run_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """,
            [.text(file.sha256), .text(file.sourceID), .text(file.path), .int(file.sizeBytes),
             file.fileDate.map(SQLiteValue.text) ?? .null, .text(file.isComplete ? "complete" : "incomplete"),
             file.cutAt.map(SQLiteValue.text) ?? .null, .int(Int64(file.recordsIn)), .int(Int64(file.rejected)), run])
        return summary
    }

    private static let storedValue = MovementLedger.storedValue(stagedKeys: stagedKeys, lines: "main.receipt_lines")
    private static let loyaltyPoints = MovementLedger.loyaltyPoints(stagedKeys: stagedKeys, lines: "main.receipt_lines")

    /// Stored-value and points movements of the file's receipts, keyed by (store, receipt, line).
    /// A card's balance moves by the sum of (new − old) over its movements, so a repeated file
    /// moves it by nothing and a correction by exactly the difference.
    private func applyCardMovements(run: SQLiteValue, summary: inout ImportPublishSummary) throws {
        guard try connection.scalarInt("SELECT EXISTS (SELECT 1 FROM stg.stg_receipt_line_rows)") == 1 else { return }
        let stored = try applyMovements(Self.storedValue, run: run)
        summary.movementsChanged = stored.changed
        summary.cardsMoved = stored.cardsMoved
        summary.movementsWithoutCard = stored.withoutCard
        let points = try applyMovements(Self.loyaltyPoints, run: run)
        summary.pointMovementsChanged = points.changed
        summary.cardsPointsMoved = points.cardsMoved
        summary.pointsWithoutCard = points.withoutCard
    }

    private func applyMovements(_ ledger: MovementLedger, run: SQLiteValue)
        throws -> (changed: Int64, cardsMoved: Int64, withoutCard: Int64) {
        let content = ledger.contentColumns.joined(separator: ", ")
        try connection.execute("DROP TABLE IF EXISTS temp.import_movements")
        try connection.execute("CREATE TEMP TABLE import_movements AS \(ledger.select)")
        let withoutCard = try connection.scalarInt("SELECT COUNT(*) FROM temp.import_movements WHERE card_key IS NULL") ?? 0
        try connection.execute("DELETE FROM temp.import_movements WHERE card_key IS NULL")
        try connection.execute("DROP TABLE IF EXISTS temp.import_old_movements")
        try connection.execute("""
            CREATE TEMP TABLE import_old_movements AS
            SELECT m.rowid AS movement_rowid, m.* FROM \(Self.stagedKeys)
            JOIN main.\(ledger.table) m ON m.store_id = r.store_id AND m.receipt_no = r.receipt_no
            """)
        try connection.execute("""
            UPDATE main.member_cards SET \(ledger.balanceColumn) = \(ledger.balanceColumn) + d.delta, run_id = ?1
            FROM (SELECT store_id, card_key, SUM(delta) AS delta FROM (
                    SELECT store_id, card_key, -\(ledger.valueColumn) AS delta FROM temp.import_old_movements
                    UNION ALL SELECT store_id, card_key, \(ledger.valueColumn) FROM temp.import_movements)
                  GROUP BY store_id, card_key HAVING SUM(delta) <> 0) d
            WHERE member_cards.store_id = d.store_id AND member_cards.card_key = d.card_key
            """, [run])
        let cardsMoved = connection.changes
        try connection.execute("""
            DELETE FROM main.\(ledger.table) WHERE rowid IN (
              SELECT o.movement_rowid FROM temp.import_old_movements o WHERE NOT EXISTS (
                SELECT 1 FROM temp.import_movements n WHERE n.store_id = o.store_id AND n.receipt_no = o.receipt_no
                  AND n.line_no = o.line_no AND n.card_key = o.card_key AND \(ledger.sameContent)))
            """)
        try connection.execute("""
            INSERT OR IGNORE INTO main.\(ledger.table) (store_id, receipt_no, line_no, card_key, \(content), sold_at, run_id)
            SELECT store_id, receipt_no, line_no, card_key, \(content), sold_at, ?1 FROM temp.import_movements
            ORDER BY store_id, receipt_no, line_no
            """, [run])
        let changed = connection.changes
        try connection.execute("DROP TABLE temp.import_movements")
        try connection.execute("DROP TABLE temp.import_old_movements")
        return (changed, cardsMoved, withoutCard)
    }
}
