/// Reason codes the chat reader gives to rejects.
extension ReasonCode {
    /// A non-blank line before the first message header: it belongs to no message (reject).
    public static let chatOrphanLine: ReasonCode = "chat.orphan_line"
    /// A message with bytes that are illegal in the file's encoding (reject: its text would carry
    /// replacement characters).
    public static let chatUndecodableBytes: ReasonCode = "chat.undecodable_bytes"
    /// A CSV chat row whose time cannot be read (reject: a message without a time cannot be placed).
    public static let chatInvalidTime: ReasonCode = "chat.invalid_time"
}
