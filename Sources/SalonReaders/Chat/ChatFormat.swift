/// The chat export layouts the chat reader understands; the raw values are the pipeline's
/// `read.format` names.
public enum ChatFormat: String, Sendable, CaseIterable {
    /// MemoTrace (WeChatMsg) TXT: a `YYYY-MM-DD HH:MM:SS sender` header, then the message lines.
    case wechatTXT = "wechat-txt"
    /// MemoTrace or PyWxDump CSV, told apart by the header.
    case wechatCSV = "wechat-csv"
    /// WhatsApp "Export chat" text, Android or iOS layout, any date order and clock.
    case whatsappTXT = "whatsapp-txt"
}
