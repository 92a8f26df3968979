import SalonCore
import SalonNormalizers
import SalonReaders
import SalonStore
import SalonValidation

extension RunState {
    /// Stages one chat export: every message is one input record, kept verbatim (loaded), and a
    /// line the reader cannot place is a reject with the reader's reason. Facts are read from
    /// text and quote messages and attached to the customer the conversation is about (see
    /// `ChatConversation`); the customers themselves are resolved when publishing.
    mutating func stageChatFile(
        _ opened: inout OpenedSource, source: PipelineSpec.Source, tagMapper: TagMapper?, tally: inout SourceTally
    ) throws {
        let writer = try chatWriter ?? ChatStagingWriter(staging: staging)
        chatWriter = writer
        let region = PhoneRegion(rawValue: source.phoneRegion) ?? .cn
        var conversation = ChatConversation(isGroup: source.read.group, firstSubjectID: chat.nextSubjectID)
        var repeats = ChatMessageKeys()
        var mark = monotonicNanos()
        while let event = try opened.reader.next() {
            switch event {
            case .record(let record):
                tally.recordsIn += 1
                var provenance = record.provenance
                provenance.file = opened.summary.path
                let values = record.values
                let (time, sender, text, kind) = (values[0], values[1], values[2], values[3])
                guard let sentAt = ChatTimestamp(iso: time) else {
                    tally.rejected += 1
                    chat.messagesRejected += 1
                    try handle(Reject(
                        code: .chatInvalidTime, message: "the message's time cannot be read", stage: .normalize,
                        provenance: provenance, column: "time", originalText: record.originalText))
                    continue
                }
                let messageID = try writer.addMessage(
                    provenance: provenance, key: repeats.key(sender: sender, time: time, text: text),
                    storeCode: source.store.isEmpty ? nil : source.store, sender: sender, sentAt: time, kind: kind,
                    text: text, originalText: record.originalText)
                tally.loaded += 1
                chat.messagesRead += 1
                let readsFacts = kind == ChatMessageKind.text.rawValue || kind == ChatMessageKind.quote.rawValue
                let facts = readsFacts
                    ? ChatFactExtractor.extract(message: text, sentAt: sentAt, sender: sender).filter { !Self.isTollFree($0, region) }
                    : []
                for output in conversation.add(message: Int(messageID), sentAt: sentAt, sender: sender, facts: facts) {
                    try stage(output, writer: writer, source: source, region: region, tagMapper: tagMapper)
                }
            case .reject(var reject):
                reject.provenance.file = opened.summary.path
                tally.recordsIn += 1
                tally.rejected += 1
                chat.messagesRejected += 1
                try handle(reject)
            case .warning(let warning):
                tally.warnings += 1
                warningsByReason[warning.code.rawValue, default: 0] += 1
            }
            if tally.recordsIn % 4096 == 0 {
                progress.update(stage: "reading \(source.id)", done: opened.bytesRead(), total: opened.fileSize, records: tally.recordsIn)
            }
        }
        for output in conversation.finish() {
            try stage(output, writer: writer, source: source, region: region, tagMapper: tagMapper)
        }
        chat.nextSubjectID = conversation.nextID
        mark = clock.add("read", since: mark)
    }

    /// A toll-free number (400/800) is a business line, never a customer's phone.
    private static func isTollFree(_ fact: ChatFact, _ region: PhoneRegion) -> Bool {
        guard case .phone(let phone) = fact else { return false }
        return PhoneNormalizer.parse(phone.e164, defaultRegion: region).phones.first.map { $0.kind == .tollFree } ?? true
    }

    private mutating func stage(
        _ output: ChatConversation.Output, writer: ChatStagingWriter, source: PipelineSpec.Source, region: PhoneRegion,
        tagMapper: TagMapper?
    ) throws {
        switch output {
        case .subject(let subject):
            guard let phone = PhoneNormalizer.parse(subject.e164, defaultRegion: region).phones.first else { return }
            var staged = ChatStagingWriter.Subject(
                id: Int64(subject.id), messageID: Int64(subject.message), e164: phone.e164, kind: phone.kind.rawValue,
                original: subject.original, storeCode: source.store.isEmpty ? nil : source.store, knownInRun: false)
            var candidate = CustomerCandidate(
                provenance: Provenance(sourceID: source.id, file: "", line: 0, recordIndex: 0), storeCode: source.store)
            candidate.phones = [.init(e164: phone.e164, kind: phone.kind.rawValue, original: phone.original, numericKey: phone.numericKey)]
            if let written = subject.name {
                let name = NameNormalizer.normalize(written)
                staged.name = name.name.isEmpty ? nil : name.name
                staged.nameOriginal = name.display
                staged.surname = name.surname
                staged.givenName = name.givenName ?? (name.surname == nil && !name.name.isEmpty ? name.name : nil)
                staged.formOfAddress = name.formOfAddress
                staged.gender = name.genderHint?.rawValue
                (candidate.surname, candidate.givenName) = (staged.surname, staged.givenName)
            }
            switch index.decide(for: candidate) {
            case .merge, .new(_, _, .some): staged.knownInRun = true
            case .new: staged.knownInRun = false
            }
            chat.subjects += 1
            if staged.knownInRun { chat.subjectsKnownInRun += 1 }
            try writer.addSubject(staged)
        case .attachment(let attachment):
            let messageID = Int64(attachment.message)
            var fact = ChatStagingWriter.Fact(
                messageID: messageID, ordinal: attachment.ordinal, kind: "", subjectID: attachment.subject.map(Int64.init),
                confidence: attachment.fact.confidence)
            switch attachment.fact {
            case .phone(let phone):
                fact.kind = attachment.corrected ? "correction" : "phone"
                fact.e164 = phone.e164
                fact.name = phone.name
            case .booking(let booking):
                fact.kind = "booking"
                fact.service = booking.service
                fact.stylist = booking.stylist
                fact.startsAt = booking.time?.description
                fact.timeText = booking.timeText
                if booking.time == nil { chat.bookingsWithoutTime += 1 }
            case .note(let note):
                fact.kind = "note"
                fact.text = note.text
                for match in tagMapper?.map(note.text) ?? [] {
                    try writer.addTag(
                        .init(code: match.code, value: match.value, confidence: match.confidence, needsReview: match.needsReview,
                              isSafety: match.isSafety, column: "chat.note.\(attachment.ordinal)", spanStart: match.noteSpan.lowerBound,
                              spanEnd: match.noteSpan.upperBound, matchedText: match.matchedText),
                        messageID: messageID, ordinal: attachment.ordinal)
                }
            }
            chat.factsByKind[fact.kind, default: 0] += 1
            if attachment.subject == nil { chat.factsUnattached += 1 }
            try writer.addFact(fact)
        }
    }
}

/// Message identities: sender, time and a hash of the text, plus the message's place among
/// identical ones (two `[图片]` in the same second). Only the current second's messages are
/// remembered, since exports list messages in time order.
struct ChatMessageKeys {
    private var second = ""
    private var seen: [String: Int] = [:]

    mutating func key(sender: String, time: String, text: String) -> String {
        if time != second {
            second = time
            seen.removeAll(keepingCapacity: true)
        }
        let base = "\(time)|\(sender)|\(SHA256.hex(of: Array(text.utf8)).prefix(32))"
        let count = seen[base, default: 0] + 1
        seen[base] = count
        return count == 1 ? base : "\(base)|\(count)"
    }
}

extension RunState {
    /// The report's chat section; nil when the pipeline read no chat source.
    func chatSummary(publish: ChatPublishSummary?) -> RunReport.ChatSummary? {
        guard spec.sources.contains(where: { $0.entity == .chat }) else { return nil }
        return RunReport.ChatSummary(
            messagesRead: chat.messagesRead, messagesRejected: chat.messagesRejected, factsByKind: chat.factsByKind,
            factsUnattached: chat.factsUnattached, bookingsWithoutTime: chat.bookingsWithoutTime, subjects: chat.subjects,
            subjectsKnownInRun: chat.subjectsKnownInRun, customersEnriched: publish?.customersEnriched,
            customersCreated: publish?.customersCreated, appointments: publish?.appointmentsInserted, publish: publish)
    }

    /// Tags read from chat notes that joined a customer, counted with the others; allergies are
    /// listed like those from customer files, the customer named by the chat's (masked) phone.
    mutating func addChatTags() throws {
        guard chatWriter != nil else { return }
        let rows = try staging.connection.query("""
            SELECT t.code, t.value, t.matched_text, t.needs_review, t.is_safety, m.source_file, m.record_key, s.e164
            FROM stg_chat_tags t
            JOIN stg_chat_facts f ON f.message_id = t.message_id AND f.ordinal = t.ordinal
            JOIN stg_chat_subjects s ON s.subject_id = f.subject_id
            JOIN stg_chat_messages m ON m.message_id = t.message_id
            ORDER BY t.rowid
            """)
        for row in rows {
            let code = row[0].text ?? ""
            tagsByCode[code, default: 0] += 1
            guard row[4].int == 1, allergies.count < 1000 else { continue }
            allergies.append(RunReport.SafetyTag(
                code: code, value: row[1].text.flatMap { $0.isEmpty ? nil : pii.text($0) },
                matchedText: pii.text(row[2].text ?? ""), needsReview: row[3].int == 1,
                location: "\(row[5].text ?? ""):\(row[6].text ?? "")", customer: pii.text("tel:\(row[7].text ?? "")")))
        }
    }
}
