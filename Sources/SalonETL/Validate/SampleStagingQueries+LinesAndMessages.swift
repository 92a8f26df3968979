import SalonCore
import SalonStore
import SalonValidation

/// The sample re-check's queries for receipt lines and chat messages.
extension SampleStagingQueries {
    /// Calls `body` for every staged receipt line (published or merged) and chat message.
    func forEachStagedLineOrMessage(_ body: (StagedRecord) throws -> Void) throws {
        let statement = try connection.prepare("""
            SELECT source_id, source_file, record_key, store_code, line, row_order, 0 FROM stg_receipt_lines
            UNION ALL
            SELECT source_id, source_file, record_key, store_code, line, row_order, 1 FROM stg_receipt_merges
            UNION ALL
            SELECT source_id, source_file, record_key, store_code, line, message_id, 2 FROM stg_chat_messages
            """)
        let kinds: [Kind] = [.receiptLine, .receiptMerge, .chatMessage]
        var lastFile: (sourceID: String, file: String)?
        while try statement.step() {
            let sourceID = statement.string(at: 0) ?? "", file = statement.string(at: 1) ?? ""
            if lastFile?.sourceID != sourceID || lastFile?.file != file { lastFile = (sourceID, file) }
            let kind = kinds[Int(statement.int(at: 6))]
            try body(StagedRecord(
                ref: RecordRef(sourceID: lastFile!.sourceID, file: lastFile!.file, recordKey: statement.string(at: 2) ?? ""),
                store: statement.string(at: 3), line: Int(statement.int(at: 4)), byteOffset: nil,
                stagingID: statement.int(at: 5), merged: kind == .receiptMerge, mergeOrder: 0, kind: kind))
        }
    }

    /// What would be published for sampled receipt lines and chat messages, looked up record by
    /// record as the re-check reaches them (a large run samples hundreds of thousands of lines).
    struct LineAndMessageLookup {
        let line: SQLiteStatement
        let merge: SQLiteStatement
        let message: SQLiteStatement

        /// A receipt line's row (with the time as read when the pipeline corrected its year), or
        /// for a merged line its merge row and whether the receipt it names is staged.
        func receipt(_ record: StagedRecord) throws -> ReceiptSampleComparator.Staged? {
            var result: ReceiptSampleComparator.Staged?
            switch record.kind {
            case .receiptLine:
                for row in try SampleStagingQueries.rows(line, record.stagingID) {
                    var staged = ReceiptSampleComparator.StagedLine(
                        store: row[0].text ?? "", receiptNumber: row[1].text ?? "", amountFen: row[3].int ?? 0)
                    staged.soldAt = row[2].text
                    staged.cardNumber = row[4].text
                    staged.phoneE164 = row[5].text
                    staged.maskedPrefix = row[6].text
                    staged.maskedSuffix = row[7].text
                    staged.soldAtBeforeCorrection = row[8].text
                    staged.phoneRejected = row[9].int == 1
                    result = .line(staged)
                }
            case .receiptMerge:
                for row in try SampleStagingQueries.rows(merge, record.stagingID) {
                    result = .merged(
                        store: row[0].text ?? "", receiptNumber: row[1].text ?? "", reason: row[2].text ?? "",
                        receiptStaged: row[3].int == 1)
                }
            case .customer, .chatMessage: break
            }
            return result
        }

        /// A chat message's sender, time and text.
        func message(_ record: StagedRecord) throws -> ChatSampleComparator.StagedMessage? {
            guard record.kind == .chatMessage else { return nil }
            return try SampleStagingQueries.rows(message, record.stagingID).last.map {
                .init(sender: $0[0].text ?? "", sentAt: $0[1].text ?? "", text: $0[2].text ?? "")
            }
        }
    }

    func lineAndMessageLookup() throws -> LineAndMessageLookup {
        LineAndMessageLookup(
            line: try connection.prepare("""
                SELECT l.store_code, l.receipt_no, l.sold_at, l.amount_fen, l.card_number, l.phone_e164, l.masked_prefix,
                       l.masked_suffix, (SELECT y.sold_at_before FROM stg_receipt_year_corrections y
                         WHERE y.source_id = l.source_id AND y.source_file = l.source_file AND y.record_key = l.record_key LIMIT 1),
                       EXISTS (SELECT 1 FROM stg_rejects x WHERE x.source_file = l.source_file AND x.record_key = l.record_key
                         AND x.source_id = l.source_id AND x.whole_record = 0 AND x.code LIKE 'phone.%')
                FROM stg_receipt_lines l WHERE l.row_order = ?1
                """),
            merge: try connection.prepare("""
                SELECT m.store_code, m.receipt_no, m.reason, EXISTS (SELECT 1 FROM stg_receipt_line_rows r
                         WHERE r.store_code = m.store_code AND (r.receipt_no = m.receipt_no OR r.original_receipt_no = m.receipt_no))
                FROM stg_receipt_merges m WHERE m.row_order = ?1
                """),
            message: try connection.prepare("SELECT sender, sent_at, text FROM stg_chat_message_rows WHERE message_id = ?1"))
    }

    /// Whether a refund of `original` is staged in the store.
    func refundIsStaged(store: String, original: String) throws -> Bool {
        try !connection.query("""
            SELECT 1 FROM stg_receipt_line_rows WHERE store_code = ?1 AND original_receipt_no = ?2 AND amount_fen < 0 LIMIT 1
            """, [.text(store), .text(original)]).isEmpty
    }

    /// The rows a prepared statement gives for one id.
    fileprivate static func rows(_ statement: SQLiteStatement, _ id: Int64) throws -> [[SQLiteValue]] {
        statement.reset()
        try statement.bind([.int(id)])
        var rows: [[SQLiteValue]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map(statement.value(at:)))
        }
        return rows
    }
}
