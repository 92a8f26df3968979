/// Decides whom the facts of one conversation (one chat export file) are about, message by
/// message, holding only a bounded window of recent messages.
///
/// A phone fact opens a *subject*: the customer the conversation talks about. A correction
/// (号码打错了 应该是 …) replaces the number of the subject it corrects, so the corrected number
/// never becomes a customer. A booking or note attaches to the subject of the phone in the same
/// message, else to the most recent subject of the same sender (group chats) or of the whole
/// conversation (one-to-one chats) within the window. In a one-to-one chat every message is about
/// the one customer, so a fact written before the number is given waits for it within the window.
/// Anything else stays unattached: it is never guessed.
public struct ChatConversation: Sendable {
    /// How far a phone fact reaches: both limits must hold.
    public struct Window: Sendable, Equatable {
        public var messages: Int
        public var seconds: Int

        public init(messages: Int, seconds: Int) {
            self.messages = messages
            self.seconds = seconds
        }

        /// 20 messages and 2 hours: a booking conversation rarely spans more, and a shop's group
        /// moves on to other customers well within it.
        public static let standard = Window(messages: 20, seconds: 7200)
    }

    /// A customer the conversation is about: a phone number (the last correction of it) and the
    /// name or form of address written near it.
    public struct Subject: Sendable, Equatable {
        public var id: Int
        public var e164: String
        /// The number as written in the winning message; raw personal data.
        public var original: String
        public var name: String?
        /// The message that gave the winning number.
        public var message: Int
        /// Who wrote the first number; in a group chat later facts of this sender attach to it.
        public var sender: String
        var lastMessage: Int
        var lastTime: Int
    }

    /// A fact of a message and the subject it belongs to (nil: none).
    public struct Attachment: Sendable, Equatable {
        public var message: Int
        /// The fact's place among its message's facts, from 1.
        public var ordinal: Int
        public var fact: ChatFact
        public var subject: Int?
        /// For a phone fact: it corrected an earlier number.
        public var corrected: Bool
    }

    public enum Output: Sendable, Equatable {
        /// A subject no later message can change any more.
        case subject(Subject)
        case attachment(Attachment)
    }

    public let window: Window
    /// Group chats attach by sender; one-to-one chats by conversation.
    public let isGroup: Bool
    private var open: [Subject] = []
    /// One-to-one chats: facts waiting for the conversation's first number, with their time.
    private var waiting: [(attachment: Attachment, time: Int)] = []
    private var nextSubjectID = 1

    public init(isGroup: Bool, window: Window = .standard, firstSubjectID: Int = 1) {
        self.isGroup = isGroup
        self.window = window
        self.nextSubjectID = firstSubjectID
    }

    /// The id the next subject will get; a caller running several conversations continues from it.
    public var nextID: Int { nextSubjectID }

    /// Adds one message's facts (from `ChatFactExtractor`); returns what is decided by now.
    /// - Parameter message: the message's number, increasing through the conversation.
    public mutating func add(message: Int, sentAt: ChatTimestamp, sender: String, facts: [ChatFact]) -> [Output] {
        let time = Self.seconds(sentAt)
        var out = expire(message: message, time: time)
        var messageSubject: Int?
        var others: [(Int, ChatFact)] = []
        for (offset, fact) in facts.enumerated() {
            guard case .phone(let phone) = fact else {
                others.append((offset + 1, fact))
                continue
            }
            let (subject, corrected) = take(phone, message: message, time: time, sender: sender)
            messageSubject = subject
            out.append(.attachment(Attachment(message: message, ordinal: offset + 1, fact: fact, subject: subject, corrected: corrected)))
        }
        if let messageSubject, !isGroup {
            // The conversation's number is known now: facts that waited for it join it.
            for item in waiting { out.append(.attachment(with(item.attachment, subject: messageSubject))) }
            waiting.removeAll()
        }
        let target = messageSubject ?? latest(sender: sender)?.id
        for (ordinal, fact) in others {
            let attachment = Attachment(message: message, ordinal: ordinal, fact: fact, subject: target, corrected: false)
            if target == nil && !isGroup {
                waiting.append((attachment, time))
            } else {
                out.append(.attachment(attachment))
            }
        }
        if let target, let index = open.firstIndex(where: { $0.id == target }) {
            open[index].lastMessage = message
            open[index].lastTime = time
        }
        return out
    }

    /// Ends the conversation: every open subject and waiting fact is decided.
    public mutating func finish() -> [Output] {
        defer {
            open.removeAll()
            waiting.removeAll()
        }
        return waiting.map { .attachment($0.attachment) } + open.map(Output.subject)
    }

    // MARK: Rules

    /// Opens, refreshes or corrects a subject for a phone fact; returns its id and whether it corrected one.
    private mutating func take(_ phone: ChatPhoneFact, message: Int, time: Int, sender: String) -> (Int, Bool) {
        if phone.corrects, let index = correctionTarget(phone, sender: sender), open[index].e164 != phone.e164 {
            open[index].e164 = phone.e164
            open[index].original = phone.original
            open[index].message = message
            if let name = phone.name { open[index].name = name }
            open[index].lastMessage = message
            open[index].lastTime = time
            return (open[index].id, true)
        }
        if let index = open.lastIndex(where: { $0.e164 == phone.e164 && (!isGroup || $0.sender == sender) }) {
            if open[index].name == nil { open[index].name = phone.name }
            open[index].lastMessage = message
            open[index].lastTime = time
            return (open[index].id, false)
        }
        // In a one-to-one chat a number the other party sends without a name is their own.
        let name = phone.name ?? (isGroup || sender == "我" || sender.isEmpty ? nil : sender)
        let subject = Subject(
            id: nextSubjectID, e164: phone.e164, original: phone.original, name: name, message: message,
            sender: sender, lastMessage: message, lastTime: time)
        nextSubjectID += 1
        open.append(subject)
        return (subject.id, false)
    }

    /// The subject a correction replaces: the latest one named (or sent) by the person the
    /// correction names, else the sender's latest (any latest in a one-to-one chat).
    private func correctionTarget(_ phone: ChatPhoneFact, sender: String) -> Int? {
        if let name = phone.name, let index = open.lastIndex(where: { $0.name == name || $0.sender == name }) {
            return index
        }
        return open.lastIndex { !isGroup || $0.sender == sender }
    }

    private func latest(sender: String) -> Subject? {
        open.last { !isGroup || $0.sender == sender }
    }

    /// Closes subjects and waiting facts the window no longer reaches.
    private mutating func expire(message: Int, time: Int) -> [Output] {
        var out: [Output] = []
        let window = window
        open.removeAll { subject in
            guard !Self.reaches(window, fromMessage: subject.lastMessage, time: subject.lastTime, toMessage: message, time: time) else {
                return false
            }
            out.append(.subject(subject))
            return true
        }
        waiting.removeAll { item in
            guard !Self.reaches(window, fromMessage: item.attachment.message, time: item.time, toMessage: message, time: time) else {
                return false
            }
            out.append(.attachment(item.attachment))
            return true
        }
        return out
    }

    private static func reaches(_ window: Window, fromMessage: Int, time: Int, toMessage: Int, time now: Int) -> Bool {
        toMessage - fromMessage <= window.messages && abs(now - time) <= window.seconds
    }

    private func with(_ attachment: Attachment, subject: Int) -> Attachment {
        var copy = attachment
        copy.subject = subject
        return copy
    }

    static func seconds(_ time: ChatTimestamp) -> Int {
        time.dayNumber * 86_400 + time.hour * 3600 + time.minute * 60 + time.second
    }
}
