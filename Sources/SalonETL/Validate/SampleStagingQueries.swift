import SalonCore
import SalonStore
import SalonValidation

/// Every query the sample re-check runs against the staging database, in one place. They read the
/// views (stg_customers, stg_merges, stg_phones, stg_notes, stg_cards), which give each staged row
/// its source id, file and record key, so a change in how staging stores rows stays behind them.
struct SampleStagingQueries {
    let connection: SQLiteConnection

    /// A staged record: a customer's first record, or one folded into it.
    struct StagedRecord {
        var ref: RecordRef
        /// The customer's store; nil for a merged record, whose store is its source's.
        var store: String?
        var line: Int
        var byteOffset: Int64?
        var stagingID: Int64
        var merged: Bool
        /// Staging order among the merges (0 for a customer's own record).
        var mergeOrder: Int64
        var kind: Kind = .customer
    }

    enum Kind {
        case customer
        /// A receipt line that would be published (`stagingID` is its row_order).
        case receiptLine
        /// A receipt line that added nothing (`stagingID` is the merge row's row_order).
        case receiptMerge
        /// A chat message (`stagingID` is its message_id).
        case chatMessage
    }

    struct RecordRef: Hashable {
        var sourceID: String
        var file: String
        var recordKey: String
    }

    /// Calls `body` for every staged record, in staging order within each kind.
    func forEachStagedRecord(_ body: (StagedRecord) throws -> Void) throws {
        let statement = try connection.prepare("""
            SELECT c.source_id, c.source_file, c.record_key, c.store_code, c.line, c.byte_offset, c.staging_id, 0, 0,
                   c.source_id || '/' || c.source_file
            FROM stg_customers c
            UNION ALL
            SELECT m.source_id, m.source_file, m.record_key, NULL, m.line, NULL, m.survivor_staging_id, 1, m.row_order,
                   m.source_id || '/' || m.source_file
            FROM stg_merges m
            """)
        // Records come file by file: reuse the file's strings instead of making two per record.
        var lastFile: (key: String, sourceID: String, file: String)?
        while try statement.step() {
            let fileKey = statement.string(at: 9) ?? ""
            if lastFile?.key != fileKey {
                lastFile = (fileKey, statement.string(at: 0) ?? "", statement.string(at: 1) ?? "")
            }
            try body(StagedRecord(
                ref: RecordRef(sourceID: lastFile!.sourceID, file: lastFile!.file, recordKey: statement.string(at: 2) ?? ""),
                store: statement.string(at: 3), line: Int(statement.int(at: 4)),
                byteOffset: statement.isNull(at: 5) ? nil : statement.int(at: 5), stagingID: statement.int(at: 6),
                merged: statement.int(at: 7) == 1, mergeOrder: statement.int(at: 8)))
        }
    }

    /// What publishing would write for each sampled record: its customer's fields and its own
    /// phones, notes and card, plus its field rejects and the customer's other records.
    func stagedValues(for sample: [StagedRecord]) throws -> [RecordRef: (customerKey: String, values: SampleRecord.StagedValues)] {
        try connection.execute("""
            CREATE TEMP TABLE sample_keys (
                source_id TEXT NOT NULL, source_file TEXT NOT NULL, record_key TEXT NOT NULL,
                staging_id INTEGER NOT NULL, merge_order INTEGER NOT NULL,
                PRIMARY KEY (source_id, source_file, record_key)) WITHOUT ROWID
            """)
        defer { try? connection.execute("DROP TABLE temp.sample_keys") }
        let insert = try connection.prepare("INSERT OR IGNORE INTO temp.sample_keys VALUES (?1, ?2, ?3, ?4, ?5)")
        for record in sample {
            try insert.run([.text(record.ref.sourceID), .text(record.ref.file), .text(record.ref.recordKey), .int(record.stagingID), .int(record.mergeOrder)])
        }

        // Rows are streamed, not gathered: the sample of a large run holds a hundred thousand
        // records. Their first three columns are (source id, file, record key), and records come
        // file by file, so each file's strings are made once.
        var result: [RecordRef: (customerKey: String, values: SampleRecord.StagedValues)] = [:]
        var lastFile: (sourceID: String, file: String) = ("", "")
        func forEachRow(_ sql: String, _ body: (RecordRef, SQLiteStatement) -> Void) throws {
            let statement = try connection.prepare(sql)
            while try statement.step() {
                let sourceID = statement.string(at: 0) ?? "", file = statement.string(at: 1) ?? ""
                if sourceID != lastFile.sourceID || file != lastFile.file { lastFile = (sourceID, file) }
                body(RecordRef(sourceID: lastFile.sourceID, file: lastFile.file, recordKey: statement.string(at: 2) ?? ""), statement)
            }
        }
        try forEachRow("""
            SELECT k.source_id, k.source_file, k.record_key, c.customer_key, c.name_original, c.gender, c.birthday, c.birthday_calendar
            FROM temp.sample_keys k JOIN stg_customers c ON c.staging_id = k.staging_id
            """) { ref, row in
            var values = SampleRecord.StagedValues()
            values.nameOriginal = row.string(at: 4)
            values.gender = row.string(at: 5)
            values.birthday = row.string(at: 6)
            values.birthdayCalendar = row.string(at: 7) ?? "gregorian"
            result[ref] = (row.string(at: 3) ?? "", values)
        }
        try forEachRow("""
            SELECT p.source_id, p.source_file, p.record_key, p.e164
            FROM stg_phones p JOIN temp.sample_keys k USING (source_id, source_file, record_key) ORDER BY p.row_order
            """) { ref, row in
            result[ref]?.values.phones.append(row.string(at: 3) ?? "")
        }
        try forEachRow("""
            SELECT n.source_id, n.source_file, n.record_key, n.column_name, n.text
            FROM stg_notes n JOIN temp.sample_keys k USING (source_id, source_file, record_key) ORDER BY n.row_order
            """) { ref, row in
            result[ref]?.values.notes.append((row.string(at: 3) ?? "", row.string(at: 4) ?? ""))
        }
        try forEachRow("""
            SELECT r.source_id, r.source_file, r.record_key, r.column_name
            FROM stg_rejects r JOIN temp.sample_keys k USING (source_id, source_file, record_key) WHERE r.whole_record = 0
            """) { ref, row in
            result[ref]?.values.rejectedColumns.insert(row.string(at: 3) ?? "")
        }

        // The customer's other records: merges after this one, and cards held through them.
        var mergesBySurvivor: [Int64: (count: Int, last: Int64)] = [:]
        for row in try connection.query("""
            SELECT m.survivor_staging_id, COUNT(*), MAX(m.row_order) FROM stg_merges m
            WHERE m.survivor_staging_id IN (SELECT staging_id FROM temp.sample_keys) GROUP BY m.survivor_staging_id
            """) {
            mergesBySurvivor[row[0].int ?? 0] = (Int(row[1].int ?? 0), row[2].int ?? 0)
        }
        var cardsByCustomer: [Int64: [(ref: RecordRef, number: String?, fen: Int64)]] = [:]
        try forEachRow("""
            SELECT c.source_id, c.source_file, c.record_key, c.staging_id, c.card_number, c.balance_fen FROM stg_cards c
            WHERE c.staging_id IN (SELECT staging_id FROM temp.sample_keys)
            """) { ref, row in
            cardsByCustomer[row.int(at: 3), default: []].append((ref, row.string(at: 4), row.int(at: 5)))
        }
        for record in sample {
            guard var entry = result[record.ref] else { continue }
            let merges = mergesBySurvivor[record.stagingID]
            entry.values.otherContributors = merges != nil
            entry.values.laterContributor = merges.map { $0.last > record.mergeOrder } ?? false
            for card in cardsByCustomer[record.stagingID] ?? [] {
                if card.ref == record.ref {
                    entry.values.card = (card.number, card.fen)
                } else {
                    entry.values.otherCards.append(card.number)
                }
            }
            result[record.ref] = entry
        }
        return result
    }
}
