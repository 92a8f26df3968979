import SalonCore
import SalonStore
import SalonValidation

/// What a run does differently when `salon-etl import` runs it for one file.
extension RunState {
    /// A file cut inside its last line may also have cut the receipt that line belongs to, and
    /// the lines before it are then only part of that receipt. They are held back (merged with
    /// reason `held_cut_receipt`) rather than loaded: the next export carries the whole receipt,
    /// which then loads as new instead of as a correction of a fragment.
    mutating func holdBackCutReceipt(display: String, tally: inout SourceTally) throws {
        let connection = staging.connection
        guard let last = try connection.query("""
            SELECT r.store_code, r.receipt_no, r.file_id FROM stg_receipt_line_rows r JOIN stg_sources f ON f.file_id = r.file_id
            WHERE f.source_file = ?1 ORDER BY r.rowid DESC LIMIT 1
            """, [.text(display)]).first
        else { return }
        let key: [SQLiteValue] = [last[0], last[1], last[2]]
        // The control totals counted these lines as staged; they now leave staging, for a reason.
        for line in try connection.query("""
            SELECT store_code, sold_at, amount_fen, line FROM stg_receipt_line_rows
            WHERE store_code = ?1 AND receipt_no = ?2 AND file_id = ?3 ORDER BY rowid
            """, key) {
            let period = line[1].text.map { String($0.prefix(7)) } ?? "unknown"
            validation.receiptExplanations.move(
                from: TotalsKey(store: line[0].text ?? "", period: period), sourceFen: line[2].int ?? 0, to: nil, stagedFen: 0,
                reason: "held_cut_receipt", location: "\(display):line \(line[3].int ?? 0)", detail: last[1].text ?? "")
        }
        try connection.execute("""
            INSERT INTO stg_receipt_merge_rows (store_code, receipt_no, reason, file_id, line)
            SELECT store_code, receipt_no, 'held_cut_receipt', file_id, line FROM stg_receipt_line_rows
            WHERE store_code = ?1 AND receipt_no = ?2 AND file_id = ?3 ORDER BY rowid
            """, key)
        let held = Int(connection.changes)
        try connection.execute("DELETE FROM stg_receipt_line_rows WHERE store_code = ?1 AND receipt_no = ?2 AND file_id = ?3", key)
        tally.loaded -= held
        tally.merged += held
    }

    /// The import's record of the file, completed with what staging found in it.
    func importedFileRecord() throws -> ImportedFile? {
        guard var file = options.importing else { return nil }
        let totals = self.totals
        file.recordsIn = totals.recordsIn
        file.rejected = totals.rejected
        if let cut = try staging.connection.query(
            "SELECT source_file, record_key FROM stg_rejects WHERE code = ?1 LIMIT 1", [.text(ReasonCode.posTruncatedLine.rawValue)]
        ).first {
            file.cutAt = "\(cut[0].text ?? file.path):\(cut[1].text ?? "")"
        }
        return file
    }
}
