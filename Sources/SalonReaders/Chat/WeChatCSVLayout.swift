/// The two WeChat CSV exports in use, told apart by their header:
/// MemoTrace `localId,TalkerId,Type,SubType,IsSender,CreateTime,Status,StrContent,StrTime,Remark,NickName,Sender`
/// and PyWxDump `id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime`.
enum WeChatCSVLayout {
    case memoTrace(MemoTraceColumns)
    case pyWxDump(PyWxDumpColumns)

    struct MemoTraceColumns {
        var type: Int, subType: Int?, isSender: Int?, createTime: Int, content: Int
        var strTime: Int?, remark: Int?, nickName: Int?, sender: Int?, talker: Int?
    }

    struct PyWxDumpColumns {
        var typeName: Int, isSender: Int?, talker: Int?, message: Int, createTime: Int
    }

    /// One message's columns before they become a chat record.
    struct Message {
        var time: String?
        var sender: String
        var text: String
        var kind: ChatMessageKind
    }

    /// The layout of a header, or nil when it is neither export.
    static func detect(_ schema: RecordSchema) -> WeChatCSVLayout? {
        let at = schema.index(of:)
        if let type = at("Type"), let createTime = at("CreateTime"), let content = at("StrContent") {
            return .memoTrace(
                MemoTraceColumns(
                    type: type, subType: at("SubType"), isSender: at("IsSender"), createTime: createTime, content: content,
                    strTime: at("StrTime"), remark: at("Remark"), nickName: at("NickName"), sender: at("Sender"),
                    talker: at("TalkerId")))
        }
        if let typeName = at("type_name"), let message = at("msg"), let createTime = at("CreateTime") {
            return .pyWxDump(
                PyWxDumpColumns(
                    typeName: typeName, isSender: at("is_sender"), talker: at("talker"), message: message,
                    createTime: createTime))
        }
        return nil
    }

    /// The message of one CSV record. The sender is `我` for the account's own messages
    /// (IsSender/is_sender 1), else MemoTrace's NickName, Remark, Sender, TalkerId (first non-empty)
    /// or PyWxDump's talker.
    func message(_ values: [String]) -> Message {
        func cell(_ index: Int?) -> String { index.map { $0 < values.count ? values[$0] : "" } ?? "" }
        switch self {
        case .memoTrace(let columns):
            let text = cell(columns.content)
            let kind = Self.kind(typeCode: Int(cell(columns.type)) ?? -1, subType: Int(cell(columns.subType)))
            let sender = cell(columns.isSender) == "1"
                ? "我"
                : [columns.nickName, columns.remark, columns.sender, columns.talker].lazy.map(cell).first { !$0.isEmpty } ?? ""
            let time = Self.time(cell(columns.createTime)) ?? ChatTime.iso(dateTimeText: cell(columns.strTime))
            return Message(time: time, sender: sender, text: text, kind: kind)
        case .pyWxDump(let columns):
            let typeName = cell(columns.typeName)
            let kind = Self.kind(typeName: typeName)
            let sender = cell(columns.isSender) == "1" ? "我" : cell(columns.talker)
            return Message(time: Self.time(cell(columns.createTime)), sender: sender, text: cell(columns.message), kind: kind)
        }
    }

    /// Unix seconds (milliseconds when 13 digits) as Shanghai time, or `YYYY-MM-DD HH:MM:SS` as written.
    static func time(_ text: String) -> String? {
        if let seconds = Int64(text) {
            return ChatTime.iso(unixSeconds: text.utf8.count >= 13 ? seconds / 1000 : seconds)
        }
        return ChatTime.iso(dateTimeText: text)
    }

    /// WeChat's message type codes (`Type`, and `SubType` for app messages: 6 file, 57 quote).
    static func kind(typeCode: Int, subType: Int?) -> ChatMessageKind {
        switch typeCode {
        case 1: return .text
        case 3: return .image
        case 34: return .voice
        case 43: return .video
        case 47: return .sticker
        case 42: return .card
        case 48: return .location
        case 50: return .call
        case 10000, 10002: return .system
        case 49:
            switch subType {
            case 6: return .file
            case 57: return .quote
            default: return .app
            }
        default: return .other
        }
    }

    /// PyWxDump's Chinese type names; a numeric name is read as a type code.
    static func kind(typeName: String) -> ChatMessageKind {
        switch typeName {
        case "文本": return .text
        case "图片": return .image
        case "语音": return .voice
        case "视频": return .video
        case "动画表情", "表情": return .sticker
        case "文件": return .file
        case "引用回复", "引用": return .quote
        case "系统通知", "撤回消息", "拍一拍", "系统消息": return .system
        case "位置": return .location
        case "名片": return .card
        case "语音通话", "视频通话", "音视频通话": return .call
        case "链接", "分享", "转账", "红包", "小程序", "卡片式链接": return .app
        default: return Int(typeName).map { kind(typeCode: $0, subType: nil) } ?? .other
        }
    }
}
