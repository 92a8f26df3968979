/// Reads phone numbers, bookings and customer notes out of one chat message. Pure: the caller
/// keeps the state across messages (which phone a correction replaces, which customer a note
/// belongs to).
///
/// Quoted text (`「张三：原文」`, lines starting with 引用) is left out, so a reply that quotes a
/// booking does not book it twice.
public enum ChatFactExtractor {
    /// The facts of `message`, phones first, then the booking, then notes, each in text order.
    /// - Parameters:
    ///   - message: the message text (the chat record's `text`).
    ///   - sentAt: the message's own time; relative days (明天, 周六) are resolved against it.
    ///   - sender: who sent it; a number after 我电话/我的手机… is the sender's own, so the sender's
    ///     name stands for the nearest name (unless the sender is the account itself, `我`).
    public static func extract(message: String, sentAt: ChatTimestamp, sender: String) -> [ChatFact] {
        let raw = Array(withoutQuotes(message))
        let chars = foldedCharacters(raw)
        var facts: [ChatFact] = []
        let corrects = correctionCues.contains { contains(chars, $0) }
        var names = ChatNameFinder.names(in: chars)
        if !sender.isEmpty, sender != "我" {
            names += ChatNameFinder.selfReferences(in: chars).map { ChatNameFinder.Name(name: sender, end: $0) }
            names.sort { $0.end < $1.end }
        }
        for span in ChatPhoneSpans.find(in: chars, raw: raw) {
            let name = names.last { $0.end <= span.range.lowerBound }?.name
            let confidence = span.phone.kind == .mobile ? 0.9 : 0.7
            facts.append(
                .phone(
                    ChatPhoneFact(
                        e164: span.phone.e164, original: span.text, name: name, corrects: corrects,
                        confidence: corrects ? confidence - 0.1 : confidence)))
        }
        if let booking = booking(chars, sentAt: sentAt) { facts.append(.booking(booking)) }
        facts.append(contentsOf: notes(chars, raw: raw).map(ChatFact.note))
        return facts
    }

    // MARK: Bookings

    /// Services as customers write them; longer words first so 洗剪吹 is not read as 剪.
    static let services = [
        "头皮护理", "头发护理", "面部护理", "洗剪吹", "剪发", "理发", "剪头", "烫发", "染发", "烫染", "护理", "洗吹", "洗头",
        "美甲", "美睫", "做脸", "修眉", "接发", "拉直", "造型", "焗油", "头疗",
    ]
    /// First-person booking verbs; 欢迎预约 in a shop notice is no booking.
    static let bookingVerbs = ["想约", "约个", "帮我约", "我要约", "预约一下", "想预约", "我约", "订个", "留个位"]

    /// A booking needs a clock time and a service, a stylist or a booking verb (0.9 with a service,
    /// else 0.7), or a service and a booking verb without a time (0.5).
    private static func booking(_ chars: [Character], sentAt: ChatTimestamp) -> ChatBookingFact? {
        let service = firstWord(services, in: chars)
        let stylist = ChatNameFinder.stylist(in: chars)
        let verb = bookingVerbs.contains { contains(chars, $0) }
        let expression = ChatTimeExpression.first(in: chars, sentAt: sentAt)
        if let expression, let time = expression.time, service != nil || stylist != nil || verb {
            return ChatBookingFact(
                service: service, stylist: stylist, time: time, timeText: expression.text,
                confidence: service != nil ? 0.9 : 0.7)
        }
        if service != nil, verb {
            return ChatBookingFact(
                service: service, stylist: stylist, time: nil, timeText: expression?.text, confidence: 0.5)
        }
        return nil
    }

    // MARK: Corrections and notes

    static let correctionCues = ["打错", "写错", "发错", "更正", "纠正", "应该是", "改为", "改成"]

    /// Cue words of customer facts, with their confidence: health first, taste second.
    static let noteCues: [(String, Double)] = [
        ("过敏", 0.9), ("敏感", 0.9), ("怀孕", 0.9), ("孕期", 0.9), ("不喜欢", 0.6), ("喜欢", 0.6), ("不要", 0.6),
        ("别用", 0.6), ("不能用", 0.6), ("讨厌", 0.6), ("偏好", 0.6),
    ]
    private static let clauseBreaks: Set<Character> = ["，", "。", "！", "？", "；", ",", "!", "?", ";", "\n", "～", "~"]

    /// Clauses with a cue word, except questions (…吗), conditionals (…的话, 如果…) and advice
    /// (建议), which state no fact about the customer.
    private static func notes(_ chars: [Character], raw: [Character]) -> [ChatNoteFact] {
        var notes: [ChatNoteFact] = []
        var start = 0
        for end in 0...chars.count where end == chars.count || clauseBreaks.contains(chars[end]) {
            let clause = Array(Array(chars[start..<end]).trimmingWhitespace())
            let written = Array(raw[start..<end]).trimmingWhitespace()
            start = end + 1
            guard !clause.isEmpty, clause.last != "吗", clause.last != "呢", !contains(clause, "的话"),
                  !contains(clause, "如果"), !contains(clause, "建议"),
                  let cue = noteCues.first(where: { contains(clause, $0.0) })
            else { continue }
            notes.append(ChatNoteFact(text: String(written), cue: cue.0, confidence: cue.1))
        }
        return notes
    }

    // MARK: Text helpers

    /// The message without quoted parts: 「…」 spans and lines starting with 引用.
    static func withoutQuotes(_ message: String) -> String {
        var out = ""
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("引用") { continue }
            var depth = 0
            for char in line {
                if char == "「" { depth += 1 } else if char == "」" { depth = max(0, depth - 1) } else if depth == 0 {
                    out.append(char)
                }
            }
            out.append("\n")
        }
        return out
    }

    /// The message's characters with full-width digits, letters and colons folded to ASCII, so
    /// rules match `１３８` and `Ｔｏｎｙ` like `138` and `Tony`.
    static func foldedCharacters(_ text: [Character]) -> [Character] {
        text.map { char in
            guard let scalar = char.unicodeScalars.first, char.unicodeScalars.count == 1,
                  (0xFF01...0xFF5E).contains(scalar.value), scalar != "：", scalar != "，", scalar != "！",
                  scalar != "？", scalar != "；", scalar != "～"
            else { return char }
            return Character(Unicode.Scalar(scalar.value - 0xFEE0)!)
        }
    }

    static func contains(_ chars: [Character], _ word: String) -> Bool {
        let first = word.first!
        var index = 0
        while index < chars.count {
            if chars[index] == first, ChatTimeExpression.has(chars, word, at: index) { return true }
            index += 1
        }
        return false
    }

    /// The word of `words` that occurs first in the text (longer words win at the same place).
    static func firstWord(_ words: [String], in chars: [Character]) -> String? {
        for index in chars.indices {
            if let word = words.first(where: { ChatTimeExpression.has(chars, $0, at: index) }) { return word }
        }
        return nil
    }
}

extension Array where Element == Character {
    func trimmingWhitespace() -> ArraySlice<Character> {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return []
        }
        return self[first...last]
    }
}
