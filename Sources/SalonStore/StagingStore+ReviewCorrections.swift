import SalonCore

extension StagingStore {
    /// Stages a suspected keying error for the review queue. Hand-keyed sources are small, so the
    /// statement is prepared per call and provenance is stored as text.
    public func addReviewCorrection(_ item: ReviewCorrection) throws {
        let p = item.provenance
        try connection.execute("""
            INSERT INTO stg_review_corrections (staging_id, field, column_name, code, keyed_text, proposed, reason,
              field_left_empty, paper_card, entered_by, source_id, source_file, record_key)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """,
            [.int(item.stagingID), .text(item.field), .text(item.column), .text(item.code), .text(item.keyedText),
             item.proposed.map(SQLiteValue.text) ?? .null, .text(item.reason), .int(item.fieldLeftEmpty ? 1 : 0),
             item.paperCard.map(SQLiteValue.text) ?? .null, item.enteredBy.map(SQLiteValue.text) ?? .null,
             .text(p.sourceID), .text(p.file), .text(p.recordKey)])
    }
}
