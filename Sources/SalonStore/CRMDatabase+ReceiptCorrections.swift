import SalonCore

extension CRMDatabase {
    /// Copies the year corrections the run applied to its staged receipts, in the publishing
    /// transaction: a corrected receipt is never published without the record of its correction.
    /// - Returns: how many corrected lines were recorded.
    @discardableResult
    func publishReceiptCorrections(run: SQLiteValue) throws -> Int64 {
        try connection.execute("""
            INSERT INTO main.receipt_date_corrections (run_id, store_code, receipt_no, sold_at_before, sold_at_after, reason,
              applied_by, source_id, source_file, record_key)
            SELECT ?1, store_code, receipt_no, sold_at_before, sold_at_after, reason, 'pipeline', source_id, source_file, record_key
            FROM stg.stg_receipt_year_corrections ORDER BY rowid
            """, [run])
        return connection.changes
    }
}
