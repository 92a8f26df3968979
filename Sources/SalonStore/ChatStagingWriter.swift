import SalonCore

/// Stages chat sources beside the customers in the run's staging database: every message, the
/// phone subjects of each conversation and the facts read from the messages. Publishing turns
/// them into chat messages, customers, notes, tags and appointments (`CRMDatabase.publishChat`).
public final class ChatStagingWriter {
    /// A customer a conversation is about, as staged.
    public struct Subject: Sendable {
        public var id: Int64
        public var messageID: Int64
        public var e164: String
        /// mobile | landline
        public var kind: String
        public var original: String
        public var name: String?
        public var nameOriginal: String?
        public var surname: String?
        public var givenName: String?
        public var formOfAddress: String?
        public var gender: String?
        public var storeCode: String?
        public var knownInRun: Bool

        public init(id: Int64, messageID: Int64, e164: String, kind: String, original: String, storeCode: String?, knownInRun: Bool) {
            self.id = id
            self.messageID = messageID
            self.e164 = e164
            self.kind = kind
            self.original = original
            self.storeCode = storeCode
            self.knownInRun = knownInRun
        }
    }

    /// One fact of a message; the fields that do not apply to its kind stay nil.
    public struct Fact: Sendable {
        public var messageID: Int64
        public var ordinal: Int
        /// phone | correction | booking | note
        public var kind: String
        public var subjectID: Int64?
        public var e164: String?
        public var name: String?
        public var text: String?
        public var service: String?
        public var stylist: String?
        /// Local wall-clock time, `YYYY-MM-DDTHH:MM:SS`.
        public var startsAt: String?
        public var timeText: String?
        public var confidence: Double

        public init(messageID: Int64, ordinal: Int, kind: String, subjectID: Int64?, confidence: Double) {
            self.messageID = messageID
            self.ordinal = ordinal
            self.kind = kind
            self.subjectID = subjectID
            self.confidence = confidence
        }
    }

    private let staging: StagingStore
    private let insertMessage: SQLiteStatement
    private let insertSubject: SQLiteStatement
    private let insertFact: SQLiteStatement
    private let insertTag: SQLiteStatement

    public init(staging: StagingStore) throws {
        self.staging = staging
        let connection = staging.connection
        insertMessage = try connection.prepare("""
            INSERT INTO stg_chat_message_rows (message_key, store_code, sender, sent_at, kind, text, original_text, file_id, line, message_index)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
        insertSubject = try connection.prepare("""
            INSERT INTO stg_chat_subjects (subject_id, message_id, e164, kind, original, name, name_original, surname, given_name,
              form_of_address, gender, store_code, known_in_run)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """)
        insertFact = try connection.prepare("""
            INSERT INTO stg_chat_facts (message_id, ordinal, kind, subject_id, e164, name, text, service, stylist, starts_at, time_text, confidence)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
            """)
        insertTag = try connection.prepare("""
            INSERT INTO stg_chat_tags (message_id, ordinal, code, value, confidence, needs_review, is_safety, span_start, span_end, matched_text)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """)
    }

    /// Stages one message verbatim; returns its staging id, which facts point at.
    /// - Parameters:
    ///   - key: the message's identity across exports (sender, time, text hash, repeat number).
    ///   - text: the message text; `originalText` the message as it stood in the file.
    public func addMessage(
        provenance: Provenance, key: String, storeCode: String?, sender: String, sentAt: String, kind: String,
        text: String, originalText: String
    ) throws -> Int64 {
        let s = insertMessage
        s.reset()
        try s.bind(key, at: 1)
        try s.bind(storeCode, at: 2)
        try s.bind(sender, at: 3)
        try s.bind(sentAt, at: 4)
        try s.bind(kind, at: 5)
        try s.bind(text, at: 6)
        try s.bind(originalText, at: 7)
        try s.bind(try staging.fileID(of: provenance), at: 8)
        try s.bind(Int64(provenance.line), at: 9)
        try s.bind(Int64(provenance.recordIndex), at: 10)
        try s.step()
        return staging.connection.lastInsertRowID
    }

    public func addSubject(_ subject: Subject) throws {
        try insertSubject.run([
            .int(subject.id), .int(subject.messageID), .text(subject.e164), .text(subject.kind), .text(subject.original),
            Self.value(subject.name), Self.value(subject.nameOriginal), Self.value(subject.surname), Self.value(subject.givenName),
            Self.value(subject.formOfAddress), Self.value(subject.gender), Self.value(subject.storeCode),
            .int(subject.knownInRun ? 1 : 0),
        ])
    }

    public func addFact(_ fact: Fact) throws {
        try insertFact.run([
            .int(fact.messageID), .int(Int64(fact.ordinal)), .text(fact.kind), fact.subjectID.map(SQLiteValue.int) ?? .null,
            Self.value(fact.e164), Self.value(fact.name), Self.value(fact.text), Self.value(fact.service), Self.value(fact.stylist),
            Self.value(fact.startsAt), Self.value(fact.timeText), .double(fact.confidence),
        ])
    }

    /// A tag read from a note fact; it follows the note to whichever customer the note joins.
    public func addTag(_ tag: CustomerCandidate.Tag, messageID: Int64, ordinal: Int) throws {
        try insertTag.run([
            .int(messageID), .int(Int64(ordinal)), .text(tag.code), .text(tag.value ?? ""), .double(tag.confidence),
            .int(tag.needsReview ? 1 : 0), .int(tag.isSafety ? 1 : 0), .int(Int64(tag.spanStart)), .int(Int64(tag.spanEnd)),
            .text(tag.matchedText),
        ])
    }

    private static func value(_ text: String?) -> SQLiteValue {
        text.map(SQLiteValue.text) ?? .null
    }
}
