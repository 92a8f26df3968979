/// Reason codes the chat reader gives to rejects.
extension ReasonCode {
    /// A non-blank line before the first message header: it belongs to no message (reject).
    public static let chatOrphanLine: ReasonCode = "chat.orphan_line"
    /// A message with bytes that are illegal in the file's encoding (reject: its text would carry
    /// replacement characters).
    public static let chatUndecodableBytes: ReasonCode = "chat.undecodable_bytes"
    /// A CSV chat row whose time cannot be read (reject: a message without a time cannot be placed).
    public static let chatInvalidTime: ReasonCode = "chat.invalid_time"
    /// A message (or one line of it) longer than the reader's limit of 1 MiB: reject with its
    /// first 4 KiB; reading goes on at the next message header.
    public static let chatMessageTooLong: ReasonCode = "chat.message_too_long"
}
