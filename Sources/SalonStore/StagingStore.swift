import SalonCore

/// The run's staging database (`runs/<run-id>/staging.sqlite`). Normalized and resolved records
/// land here; validators read it; publishing copies it into the CRM database in one transaction.
///
/// Writes are bulk inserts with reused prepared statements inside one transaction, with journaling
/// off: the staging file is scratch space that a failed run simply leaves behind for inspection.
public final class StagingStore {
    public let connection: SQLiteConnection
    private let insertCustomer: SQLiteStatement
    private let insertPhone: SQLiteStatement
    private let insertNote: SQLiteStatement
    private let insertCard: SQLiteStatement
    private let updateCard: SQLiteStatement
    private let supersedeCard: SQLiteStatement
    /// Staged card rows by card, so a card listed twice is staged once (grows with customers).
    /// Cards staged so far (their rows), to find the same card again: numbered cards by store and
    /// number; a customer's card without a number by store and staging id packed into one integer,
    /// 8 bytes a key where a struct took 32: a first load stages such a card for every customer.
    private var numberedCards: [NumberedCardKey: Int64] = [:]
    private var customerCards: [UInt64: Int64] = [:]
    private var storeIndexes: [String: Int32] = [:]
    private let insertTag: SQLiteStatement
    private let insertMerge: SQLiteStatement
    private let insertReview: SQLiteStatement
    private let insertReject: SQLiteStatement
    private let fillCustomer: SQLiteStatement
    private var inTransaction = false
    private let insertSource: SQLiteStatement
    private let lineage: StagingLineageWriter
    /// File ids by source, file and sheet: provenance text is stored once per file, not per row.
    private var fileIDs: [FileKey: Int64] = [:]

    private struct FileKey: Hashable {
        var sourceID: String
        var file: String
        var sheet: String?
    }

    /// Creates a fresh staging database at `path` (an existing file is replaced).
    public init(path: String) throws {
        _ = unlink(path)
        connection = try SQLiteConnection(path: path)
        try connection.execute(EmbeddedSchemas.sql_staging)
        insertCustomer = try connection.prepare("""
            INSERT INTO stg_customer_rows (customer_key, name, name_original, surname, given_name, form_of_address,
              gender, birthday, birthday_calendar, birthday_leap_month, member_level, join_date, store_code,
              file_id, line, byte_offset, match_by_phone)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
            """)
        insertPhone = try connection.prepare(
            "INSERT INTO stg_phone_rows (staging_id, e164, kind, original, file_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        insertNote = try connection.prepare(
            "INSERT INTO stg_note_rows (staging_id, text, column_name, file_id, line) VALUES (?1, ?2, ?3, ?4, ?5)")
        insertCard = try connection.prepare(
            "INSERT INTO stg_card_rows (staging_id, store_code, card_number, balance_fen, file_id, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        supersedeCard = try connection.prepare("""
            INSERT INTO stg_card_superseded_rows (store_code, balance_fen, file_id, line)
            SELECT store_code, balance_fen, file_id, line FROM stg_card_rows WHERE rowid = ?1
            """)
        updateCard = try connection.prepare(
            "UPDATE stg_card_rows SET balance_fen = ?1, file_id = ?2, line = ?3 WHERE rowid = ?4")
        insertTag = try connection.prepare("""
            INSERT INTO stg_tag_rows (staging_id, code, value, confidence, needs_review, is_safety, column_name, span_start, span_end,
              matched_text, file_id, line)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """)
        insertMerge = try connection.prepare("""
            INSERT INTO stg_merge_rows (survivor_staging_id, file_id, line, reason, matched_on, score, explanation)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        insertReview = try connection.prepare(
            "INSERT INTO stg_review (staging_id, other_staging_id, reason, detail, score, explanation) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        lineage = try StagingLineageWriter(connection: connection)
        insertReject = try connection.prepare("""
            INSERT INTO stg_rejects (source_id, source_file, record_key, column_name, code, stage, whole_record, message, original_text)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """)
        // Survivorship for a merged record: a later non-empty value wins for contact fields.
        fillCustomer = try connection.prepare("""
            UPDATE stg_customer_rows SET
              name = COALESCE(?2, name), name_original = COALESCE(?3, name_original),
              surname = COALESCE(?4, surname), given_name = COALESCE(?5, given_name),
              form_of_address = COALESCE(?6, form_of_address), gender = COALESCE(?7, gender),
              birthday = COALESCE(?8, birthday),
              birthday_calendar = CASE WHEN ?8 IS NULL THEN birthday_calendar ELSE ?9 END,
              birthday_leap_month = CASE WHEN ?8 IS NULL THEN birthday_leap_month ELSE ?10 END,
              member_level = COALESCE(?11, member_level), join_date = COALESCE(?12, join_date)
            WHERE staging_id = ?1
            """)
        insertSource = try connection.prepare("INSERT INTO stg_sources (source_id, source_file, sheet) VALUES (?1, ?2, ?3)")
        try begin()
    }

    /// The staging id of a record's file (and sheet), registered on first use.
    func fileID(of provenance: Provenance) throws -> Int64 {
        let key = FileKey(sourceID: provenance.sourceID, file: provenance.file, sheet: provenance.sheet)
        if let known = fileIDs[key] { return known }
        try insertSource.run([.text(key.sourceID), .text(key.file), key.sheet.map(SQLiteValue.text) ?? .null])
        let id = connection.lastInsertRowID
        fileIDs[key] = id
        return id
    }

    private func begin() throws {
        try connection.execute("BEGIN")
        inTransaction = true
    }

    /// Commits what was staged so far (call before validators query the staging tables).
    public func commit() throws {
        // Staging is complete: the card index is no longer needed, and its memory is better spent
        // on the publish step's page cache.
        numberedCards = [:]
        customerCards = [:]
        if inTransaction {
            try connection.execute("COMMIT")
            inTransaction = false
        }
    }

    /// Stages a new customer; returns its staging id.
    @discardableResult
    public func addCustomer(_ candidate: CustomerCandidate, customerKey: String, matchByPhone: Bool = true) throws -> Int64 {
        let p = candidate.provenance
        let s = insertCustomer
        s.reset()
        try s.bind(customerKey, at: 1)
        try bindFields(candidate, to: s, from: 2)
        try s.bind(candidate.storeCode, at: 13)
        try s.bind(try fileID(of: p), at: 14)
        try s.bind(Int64(p.line), at: 15)
        try s.bind(p.byteOffset, at: 16)
        try s.bind(Int64(matchByPhone ? 1 : 0), at: 17)
        try s.step()
        let stagingID = connection.lastInsertRowID
        try addDetails(of: candidate, to: stagingID)
        return stagingID
    }

    /// Folds a record into an already staged customer and records the lineage: the record's own
    /// values and the survivor's values before its first merge, so the merge can be undone.
    public func mergeCustomer(
        _ candidate: CustomerCandidate, into stagingID: Int64, reason: String, matchedOn: String, score: Double? = nil,
        explanation: String? = nil
    ) throws {
        try lineage.recordMerge(
            of: candidate, into: stagingID, fileID: try fileID(of: candidate.provenance),
            survivorCard: {
                self.storeIndexes.values.lazy.compactMap { self.customerCards[Self.customerCardKey(store: $0, stagingID: stagingID)] }.first
            }
        ) {
            try bindFields(candidate, to: $0, from: $1)
        }
        let s = fillCustomer
        s.reset()
        try s.bind(stagingID, at: 1)
        try bindFields(candidate, to: s, from: 2)
        try s.step()
        try addDetails(of: candidate, to: stagingID)
        let p = candidate.provenance
        insertMerge.reset()
        try insertMerge.bind(stagingID, at: 1)
        try insertMerge.bind(try fileID(of: p), at: 2)
        try insertMerge.bind(Int64(p.line), at: 3)
        try insertMerge.bind(reason, at: 4)
        try insertMerge.bind(matchedOn, at: 5)
        try insertMerge.bind(score.map(SQLiteValue.double) ?? .null, at: 6)
        try insertMerge.bind(explanation, at: 7)
        try insertMerge.step()
    }

    /// Records a possible match a person must decide.
    public func addReviewItem(
        stagingID: Int64, otherStagingID: Int64, reason: String, detail: String, score: Double? = nil, explanation: String? = nil
    ) throws {
        try insertReview.run([
            .int(stagingID), .int(otherStagingID), .text(reason), .text(detail), score.map(SQLiteValue.double) ?? .null,
            explanation.map(SQLiteValue.text) ?? .null,
        ])
    }

    /// Keeps a reject beside the staged data so it is published into the CRM's reject table.
    public func addReject(_ reject: Reject) throws {
        let p = reject.provenance
        let s = insertReject
        s.reset()
        try s.bind(p.sourceID, at: 1)
        try s.bind(p.file, at: 2)
        try s.bind(p.recordKey, at: 3)
        try s.bind(reject.column ?? "", at: 4)
        try s.bind(reject.code.rawValue, at: 5)
        try s.bind(reject.stage.rawValue, at: 6)
        try s.bind(Int64(reject.wholeRecord ? 1 : 0), at: 7)
        try s.bind(reject.message, at: 8)
        try s.bind(reject.originalText, at: 9)
        try s.step()
    }

    /// Binds the ten customer fields in schema order starting at parameter `first`.
    private func bindFields(_ c: CustomerCandidate, to s: SQLiteStatement, from first: Int32) throws {
        try s.bind(c.name, at: first)
        try s.bind(c.nameOriginal, at: first + 1)
        try s.bind(c.surname, at: first + 2)
        try s.bind(c.givenName, at: first + 3)
        try s.bind(c.formOfAddress, at: first + 4)
        try s.bind(c.gender, at: first + 5)
        try s.bind(c.birthday, at: first + 6)
        try s.bind(c.birthdayCalendar, at: first + 7)
        try s.bind(Int64(c.birthdayLeapMonth ? 1 : 0), at: first + 8)
        try s.bind(c.memberLevel, at: first + 9)
        try s.bind(c.joinDate, at: first + 10)
    }

    private func addDetails(of c: CustomerCandidate, to stagingID: Int64) throws {
        let fileID = try fileID(of: c.provenance)
        let line = Int64(c.provenance.line)
        for phone in c.phones {
            let s = insertPhone
            s.reset()
            try s.bind(stagingID, at: 1)
            try s.bind(phone.e164, at: 2)
            try s.bind(phone.kind, at: 3)
            try s.bind(phone.original, at: 4)
            try s.bind(fileID, at: 5)
            try s.bind(line, at: 6)
            try s.step()
        }
        for note in c.notes {
            let s = insertNote
            s.reset()
            try s.bind(stagingID, at: 1)
            try s.bind(note.text, at: 2)
            try s.bind(note.column, at: 3)
            try s.bind(fileID, at: 4)
            try s.bind(line, at: 5)
            try s.step()
        }
        for tag in c.tags {
            let s = insertTag
            s.reset()
            try s.bind(stagingID, at: 1)
            try s.bind(tag.code, at: 2)
            try s.bind(tag.value ?? "", at: 3)
            try s.bind(.double(tag.confidence), at: 4)
            try s.bind(Int64(tag.needsReview ? 1 : 0), at: 5)
            try s.bind(Int64(tag.isSafety ? 1 : 0), at: 6)
            try s.bind(tag.column, at: 7)
            try s.bind(Int64(tag.spanStart), at: 8)
            try s.bind(Int64(tag.spanEnd), at: 9)
            try s.bind(tag.matchedText, at: 10)
            try s.bind(fileID, at: 11)
            try s.bind(line, at: 12)
            try s.step()
        }
        if let card = c.card {
            let store = storeIndex(c.storeCode)
            let existingRow = card.cardNumber.map { numberedCards[NumberedCardKey(store: store, number: $0)] }
                ?? customerCards[Self.customerCardKey(store: store, stagingID: stagingID)]
            if let existing = existingRow {
                // The same card again (the customer listed twice in one store): the later record's
                // balance is the card's balance, and it becomes the card's provenance. The earlier
                // record is kept aside, for the validator to explain the totals with.
                try supersedeCard.run([.int(existing)])
                try updateCard.run([.int(card.balanceFen), .int(fileID), .int(line), .int(existing)])
                return
            }
            let s = insertCard
            s.reset()
            try s.bind(stagingID, at: 1)
            try s.bind(c.storeCode, at: 2)
            try s.bind(card.cardNumber, at: 3)
            try s.bind(card.balanceFen, at: 4)
            try s.bind(fileID, at: 5)
            try s.bind(line, at: 6)
            try s.step()
            if let number = card.cardNumber {
                numberedCards[NumberedCardKey(store: store, number: number)] = connection.lastInsertRowID
            } else {
                customerCards[Self.customerCardKey(store: store, stagingID: stagingID)] = connection.lastInsertRowID
            }
        }
    }

    /// A card with a number: the number within a store.
    private struct NumberedCardKey: Hashable {
        var store: Int32
        var number: String
    }

    /// A customer's card without a number in a store. Staging ids are row ids, far below 2^44.
    private static func customerCardKey(store: Int32, stagingID: Int64) -> UInt64 {
        UInt64(UInt32(bitPattern: store)) << 44 | UInt64(stagingID)
    }

    /// A small number for each store code, in order of first use.
    private func storeIndex(_ store: String) -> Int32 {
        if let known = storeIndexes[store] { return known }
        let index = Int32(storeIndexes.count)
        storeIndexes[store] = index
        return index
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
