/// MemoTrace (WeChatMsg) TXT export: `2024-03-02 15:04:05 张三` on a line of its own, the
/// message on the lines below, a blank line between messages.
enum WeChatTXTLayout {
    /// The header of a message, or nil for a line of message text.
    static func header(_ line: UnsafeBufferPointer<UInt8>) -> ChatHeader? {
        guard line.count >= 21, line[4] == 0x2D, line[7] == 0x2D, line[10] == 0x20, line[13] == 0x3A,
              line[16] == 0x3A, line[19] == 0x20,
              let time = ChatTime.digitsISO(line, at: 0)
        else { return nil }
        var end = line.count
        while end > 20, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        guard end > 20 else { return nil }
        return ChatHeader(time: time, sender: 20..<end, textStart: line.count)
    }

    /// The kind of a message from its text: WeChat writes non-text messages as placeholders.
    static func kind(text: UnsafeBufferPointer<UInt8>, sender: UnsafeBufferPointer<UInt8>) -> ChatMessageKind {
        if ChatBytes.equals(sender, "系统消息") { return .system }
        if text.first == UInt8(ascii: "[") {
            if let kind = placeholderKind(text) { return kind }
        }
        if isSystemNotice(text) { return .system }
        if ChatBytes.contains(text, "「"), ChatBytes.contains(text, "」"),
           ChatBytes.contains(text, "：") || ChatBytes.contains(text, ":") { return .quote }
        if ChatBytes.anyLineHasPrefix(text, "引用") { return .quote }
        return .text
    }

    /// Notices WeChat writes into the chat itself: recalls, joins, pats, renames.
    static func isSystemNotice(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        ChatBytes.contains(text, "撤回了一条消息") || ChatBytes.contains(text, "加入了群聊")
            || ChatBytes.contains(text, "移出了群聊") || ChatBytes.contains(text, "拍了拍")
            || ChatBytes.contains(text, "修改群名为") || ChatBytes.contains(text, "开启了朋友验证")
    }

    private static func placeholderKind(_ text: UnsafeBufferPointer<UInt8>) -> ChatMessageKind? {
        if ChatBytes.hasPrefix(text, "[图片]") { return .image }
        if ChatBytes.hasPrefix(text, "[语音]") { return .voice }
        if ChatBytes.hasPrefix(text, "[视频]") { return .video }
        if ChatBytes.hasPrefix(text, "[文件]") { return .file }
        if ChatBytes.hasPrefix(text, "[动画表情]") || ChatBytes.hasPrefix(text, "[表情包]") { return .sticker }
        if ChatBytes.hasPrefix(text, "[位置]") || ChatBytes.hasPrefix(text, "[位置分享]") { return .location }
        if ChatBytes.hasPrefix(text, "[名片]") { return .card }
        if ChatBytes.hasPrefix(text, "[语音通话]") || ChatBytes.hasPrefix(text, "[视频通话]") { return .call }
        if ChatBytes.hasPrefix(text, "[链接]") || ChatBytes.hasPrefix(text, "[转账]") || ChatBytes.hasPrefix(text, "[红包]")
            || ChatBytes.hasPrefix(text, "[小程序]") { return .app }
        return nil
    }
}
