import SalonCore

/// The periodic import's part of publishing on PostgreSQL, with the rules of `CRMDatabase`'s:
/// receipt corrections kept as history, lines a correction dropped, stored-value movements and the
/// file's fingerprint, all inside the publish transaction around `publishReceipts`.
extension PostgresCRMDatabase {
    /// The staged receipts' keys joined to the receipts the database already holds.
    private static let stagedKeys = """
        (SELECT store_code, receipt_no, COUNT(*) AS line_count FROM stg_receipt_lines GROUP BY store_code, receipt_no) k
        JOIN stores s ON s.code = k.store_code
        JOIN receipts r ON r.store_id = s.id AND r.receipt_no = k.receipt_no
        """

    /// A receipt's content as one comparable value. The lines are written as the same JSON text
    /// SQLite's `json_group_array(json_array(…))` gives (no spaces), so `receipt_history` holds
    /// identical values on both targets.
    private static func versionColumns(_ r: String) -> String {
        let fields = ["line_no", "item", "technician", "quantity_milli", "unit_price_fen", "amount_fen", "payment", "status", "points"]
        let line = fields.map { "COALESCE(to_json(l.\($0))::text, 'null')" }.joined(separator: " || ',' || ")
        return """
            \(r).sold_at, \(r).status, \(r).payment, \(r).card_number, \(r).total_fen,
            (SELECT COALESCE('[' || string_agg('[' || \(line) || ']', ',' ORDER BY l.line_no) || ']', '[]')
             FROM receipt_lines l WHERE l.receipt_id = \(r).id) AS lines
            """
    }

    /// Before the upsert: the current version of every receipt the file repeats.
    func captureReceiptVersions() throws {
        try connection.fillSessionTable("import_before", with: """
            SELECT r.id AS receipt_id, r.store_id, r.receipt_no, \(Self.versionColumns("r")),
                   r.source_file, r.record_key, r.updated_run_id
            FROM \(Self.stagedKeys)
            """)
    }

    /// After the upsert: as `CRMDatabase.finishImport`.
    func finishImport(_ file: ImportedFile, run: String) throws -> ImportPublishSummary {
        var summary = ImportPublishSummary()
        summary.linesRemoved = try connection.execute("""
            DELETE FROM receipt_lines WHERE id IN (
              SELECT l.id FROM \(Self.stagedKeys) JOIN receipt_lines l ON l.receipt_id = r.id AND l.line_no > k.line_count)
            """, [])
        try connection.fillSessionTable("import_changed", with: """
            SELECT b.*, a.sold_at AS new_sold_at, a.status AS new_status, a.payment AS new_payment,
                   a.card_number AS new_card_number, a.total_fen AS new_total_fen, a.lines AS new_lines
            FROM import_before b
            JOIN (SELECT r.id, \(Self.versionColumns("r")) FROM receipts r
                  WHERE r.id IN (SELECT receipt_id FROM import_before)) a ON a.id = b.receipt_id
            WHERE a.sold_at IS DISTINCT FROM b.sold_at OR a.status IS DISTINCT FROM b.status
               OR a.payment IS DISTINCT FROM b.payment OR a.card_number IS DISTINCT FROM b.card_number
               OR a.total_fen IS DISTINCT FROM b.total_fen OR a.lines IS DISTINCT FROM b.lines
            """)
        summary.corrections = try connection.scalarInt("SELECT COUNT(*) FROM import_changed") ?? 0
        if summary.corrections > 0 {
            // The corrected receipt now comes from this file, even when only its lines changed.
            try connection.execute("""
                UPDATE receipts r SET source_id = v.source_id, source_file = v.source_file, record_key = v.record_key,
                  updated_run_id = $1
                FROM (SELECT DISTINCT ON (store_code, receipt_no) store_code, receipt_no, source_id, source_file, record_key
                      FROM stg_receipt_lines ORDER BY store_code, receipt_no, row_order) v, stores s
                WHERE r.id IN (SELECT receipt_id FROM import_changed)
                  AND s.id = r.store_id AND v.store_code = s.code AND v.receipt_no = r.receipt_no
                """, [run])
            summary.historyRows = try connection.execute("""
                INSERT INTO receipt_history (store_id, receipt_no, version, sold_at, status, payment, card_number,
                  total_fen, lines, source_file, record_key, run_id)
                SELECT store_id, receipt_no, 1, sold_at, status, payment, card_number, total_fen, lines, source_file, record_key,
                  updated_run_id
                FROM import_changed ORDER BY receipt_id
                ON CONFLICT DO NOTHING
                """, [])
            summary.historyRows += try connection.execute("""
                INSERT INTO receipt_history (store_id, receipt_no, version, sold_at, status, payment, card_number,
                  total_fen, lines, source_file, record_key, run_id)
                SELECT c.store_id, c.receipt_no,
                  (SELECT MAX(version) + 1 FROM receipt_history h WHERE h.store_id = c.store_id AND h.receipt_no = c.receipt_no),
                  c.new_sold_at, c.new_status, c.new_payment, c.new_card_number, c.new_total_fen, c.new_lines,
                  r.source_file, r.record_key, $1
                FROM import_changed c JOIN receipts r ON r.id = c.receipt_id ORDER BY c.receipt_id
                """, [run])
        }
        try applyCardMovements(run: run, summary: &summary)
        try connection.execute("""
            INSERT INTO import_files (sha256, source_id, path, size_bytes, file_date, status, cut_at, records_in, rejected, run_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (sha256) DO UPDATE SET source_id = excluded.source_id, path = excluded.path,
              size_bytes = excluded.size_bytes, file_date = excluded.file_date, status = excluded.status,
              cut_at = excluded.cut_at, records_in = excluded.records_in, rejected = excluded.rejected,
              run_id = excluded.run_id, imported_at = excluded.imported_at
            """,
            [file.sha256, file.sourceID, file.path, String(file.sizeBytes), file.fileDate, file.isComplete ? "complete" : "incomplete",
             file.cutAt, String(file.recordsIn), String(file.rejected), run])
        return summary
    }

    private static let storedValue = MovementLedger.storedValue(stagedKeys: stagedKeys, lines: "receipt_lines")
    private static let loyaltyPoints = MovementLedger.loyaltyPoints(stagedKeys: stagedKeys, lines: "receipt_lines")

    /// Stored-value and points movements of the file's receipts, as
    /// `CRMDatabase.applyCardMovements`: a card's balance moves by the sum of (new − old) over its
    /// movements.
    private func applyCardMovements(run: String, summary: inout ImportPublishSummary) throws {
        guard try connection.scalarInt("SELECT COUNT(*) FROM (SELECT 1 FROM stg_receipt_lines LIMIT 1) x") == 1 else { return }
        let stored = try applyMovements(Self.storedValue, run: run)
        summary.movementsChanged = stored.changed
        summary.cardsMoved = stored.cardsMoved
        summary.movementsWithoutCard = stored.withoutCard
        let points = try applyMovements(Self.loyaltyPoints, run: run)
        summary.pointMovementsChanged = points.changed
        summary.cardsPointsMoved = points.cardsMoved
        summary.pointsWithoutCard = points.withoutCard
    }

    private func applyMovements(_ ledger: MovementLedger, run: String)
        throws -> (changed: Int64, cardsMoved: Int64, withoutCard: Int64) {
        let content = ledger.contentColumns.joined(separator: ", ")
        // One pair of session tables per ledger: each is filled once per transaction.
        let movements = "import_\(ledger.table)", old = "import_old_\(ledger.table)"
        try connection.fillSessionTable(movements, with: ledger.select)
        let withoutCard = try connection.execute("DELETE FROM \(movements) WHERE card_key IS NULL", [])
        try connection.fillSessionTable(old, with: """
            SELECT m.* FROM \(Self.stagedKeys)
            JOIN \(ledger.table) m ON m.store_id = r.store_id AND m.receipt_no = r.receipt_no
            """)
        let cardsMoved = try connection.execute("""
            UPDATE member_cards c SET \(ledger.balanceColumn) = c.\(ledger.balanceColumn) + d.delta, run_id = $1
            FROM (SELECT store_id, card_key, SUM(delta) AS delta FROM (
                    SELECT store_id, card_key, -\(ledger.valueColumn) AS delta FROM \(old)
                    UNION ALL SELECT store_id, card_key, \(ledger.valueColumn) FROM \(movements)) x
                  GROUP BY store_id, card_key HAVING SUM(delta) <> 0) d
            WHERE c.store_id = d.store_id AND c.card_key = d.card_key
            """, [run])
        try connection.execute("""
            DELETE FROM \(ledger.table) m USING \(old) o
            WHERE m.store_id = o.store_id AND m.receipt_no = o.receipt_no AND m.line_no = o.line_no AND NOT EXISTS (
                SELECT 1 FROM \(movements) n WHERE n.store_id = o.store_id AND n.receipt_no = o.receipt_no
                  AND n.line_no = o.line_no AND n.card_key = o.card_key AND \(ledger.sameContent))
            """, [])
        let changed = try connection.execute("""
            INSERT INTO \(ledger.table) (store_id, receipt_no, line_no, card_key, \(content), sold_at, run_id)
            SELECT store_id, receipt_no, line_no, card_key, \(content), sold_at, $1 FROM \(movements)
            ORDER BY store_id, receipt_no, line_no
            ON CONFLICT DO NOTHING
            """, [run])
        return (changed, cardsMoved, withoutCard)
    }

    /// Fingerprints of the files already imported, with their status (`complete` or `incomplete`).
    public func importedFiles() throws -> [String: String] {
        var known: [String: String] = [:]
        for row in try connection.query("SELECT sha256, status FROM import_files") {
            known[row[0] ?? ""] = row[1] ?? ""
        }
        return known
    }
}
