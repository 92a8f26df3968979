import SalonCore
import SalonStore

extension RunReport {
    /// The chat sources of a run: messages, the facts read from them, and what publishing made of
    /// the facts. The publish figures are nil when nothing was published (gate failed, dry run).
    public struct ChatSummary: Sendable, Codable {
        /// Messages read and kept (one input record each).
        public var messagesRead: Int
        /// Lines the readers could not place in a message, or messages without a usable time.
        public var messagesRejected: Int
        /// Facts by kind: phone, correction, booking, note.
        public var factsByKind: [String: Int]
        /// Bookings and notes no phone in the conversation claimed: kept on the message only.
        public var factsUnattached: Int
        /// Bookings without a clock time: kept as facts, never appointments.
        public var bookingsWithoutTime: Int
        /// Distinct phones the conversations were about, after corrections.
        public var subjects: Int
        /// Of those, phones a customer source of this same run holds.
        public var subjectsKnownInRun: Int
        public var customersEnriched: Int64?
        public var customersCreated: Int64?
        public var appointments: Int64?
        public var publish: ChatPublishSummary?
    }
}

extension HTMLReport {
    /// The chat section: counts only, since facts carry personal data.
    static func chatSection(_ chat: RunReport.ChatSummary) -> String {
        var html = section("聊天记录 Chat exports")
        var rows: [(String, String)] = [
            ("消息 Messages read", "\(chat.messagesRead)"),
            ("拒绝 Lines rejected", "\(chat.messagesRejected)"),
        ]
        rows += chat.factsByKind.sorted { $0.key < $1.key }.map { ("事实 Facts: \($0.key)", "\($0.value)") }
        rows += [
            ("未归属 Facts on the message only", "\(chat.factsUnattached)"),
            ("无时间的预约 Bookings without a time", "\(chat.bookingsWithoutTime)"),
        ]
        if let enriched = chat.customersEnriched, let created = chat.customersCreated, let appointments = chat.appointments {
            rows += [
                ("补充已有客户 Customers enriched", "\(enriched)"),
                ("新建客户 Customers created from chat", "\(created)"),
                ("新预约 Appointments added", "\(appointments)"),
            ]
        }
        html += "<table>" + rows.map { "<tr><td>\(escape($0.0))</td><td class=n>\($0.1)</td></tr>" }.joined() + "</table>"
        html += "<p><small>每条消息原文保存在 chat_messages 表，事实记录在 chat_facts 表并指向其消息。"
            + "Every message is kept verbatim in chat_messages; each fact in chat_facts points at its message.</small></p>"
        return html
    }
}
