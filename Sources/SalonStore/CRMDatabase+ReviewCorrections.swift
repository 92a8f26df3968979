import SalonCore

extension CRMDatabase {
    /// Copies staged keying-error review items into `review_corrections`; called inside the
    /// publish transaction while `temp.customer_map` maps staged to CRM customers. An item already
    /// recorded for the same record and field is kept as it is (with its review status).
    /// - Returns: the rows inserted.
    func publishReviewCorrections(run: SQLiteValue) throws -> Int64 {
        try connection.execute("""
            INSERT OR IGNORE INTO main.review_corrections (customer_id, field, column_name, code, keyed_text, proposed, reason,
              field_left_empty, paper_card, entered_by, source_id, source_file, record_key, run_id)
            SELECT m.customer_id, r.field, r.column_name, r.code, salon_seal(r.keyed_text), salon_seal(r.proposed), r.reason,
              r.field_left_empty, r.paper_card, r.entered_by, r.source_id, r.source_file, r.record_key, ?1
            FROM stg.stg_review_corrections r JOIN temp.customer_map m ON m.staging_id = r.staging_id
            ORDER BY r.rowid
            """, [run])
        return connection.changes
    }
}
