/// Tells a chat export's layout from its first 64 KiB, for `inspect`.
public enum ChatSniffer {
    /// The layout of the file at `path`, or nil when it is none of the chat layouts (or unreadable).
    /// A CSV header decides `wechat-csv`; otherwise the first header-like line among the first
    /// 200 decides, WeChat's fixed `YYYY-MM-DD HH:MM:SS sender` first since WhatsApp's tolerant
    /// parser would also take it.
    public static func detect(path: String) -> ChatFormat? {
        guard let reader = try? ChatLineReader(path: path, encoding: nil, chunkSize: 1 << 16) else { return nil }
        var sawFirstLine = false
        var lines = 0
        while lines < 200, let line = try? reader.nextLine() {
            lines += 1
            if ChatBytes.isBlank(line.bytes) { continue }
            if !sawFirstLine {
                sawFirstLine = true
                let isMemoTrace = ChatBytes.contains(line.bytes, "StrContent") && ChatBytes.contains(line.bytes, "CreateTime")
                let isPyWxDump = ChatBytes.contains(line.bytes, "type_name") && ChatBytes.contains(line.bytes, "CreateTime")
                if isMemoTrace || isPyWxDump { return .wechatCSV }
            }
            if WeChatTXTLayout.header(line.bytes) != nil { return .wechatTXT }
            if WhatsAppLayout.header(line.bytes) != nil { return .whatsappTXT }
        }
        return nil
    }
}
