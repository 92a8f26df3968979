import Foundation
import Testing
@testable import SalonReaders

@Suite("Chat reader: WeChat TXT and CSV exports")
struct ChatRecordReaderTests {
    @Test("MemoTrace TXT sample: 38 messages, the garbage line before the first header rejected")
    func wechatTXTSample() throws {
        let result = try ChatTestSupport.readAll(ChatTestSupport.sample("wechat-group.txt"), format: .wechatTXT)
        #expect(result.records.count == 38)
        #expect(result.rejects.count == 1)
        let orphan = try #require(result.rejects.first)
        #expect(orphan.code == "chat.orphan_line")
        #expect(orphan.provenance.line == 1)
        #expect(orphan.provenance.recordIndex == 0)
        #expect(orphan.originalText == "======== 导出自 MemoTrace：丽人坊发型沙龙·会员群 ========")

        let rows = result.rows
        #expect(rows[0] == ["2024-03-01T09:02:11", "丽人坊前台小美", "各位亲早上好！本周烫染8折，欢迎预约～", "text"])
        #expect(rows[1] == ["2024-03-01T09:05:40", "王姐", "周六下午三点想约个剪发，找Tony\n我电话 138 0013 8001", "text"])
        let second = result.records[1]
        #expect(second.provenance.line == 5)
        #expect(second.provenance.recordIndex == 2)
        #expect(second.originalText == "2024-03-01 09:05:40 王姐\n周六下午三点想约个剪发，找Tony\n我电话 138 0013 8001")
        #expect(rows.last == ["2024-03-01T20:11:09", "丽人坊前台小美", "今天的预约都满了，明天请早\n祝大家周末愉快", "text"])
        #expect(result.records.map(\.provenance.recordIndex) == Array(1...38))

        let kinds = Dictionary(grouping: rows, by: { $0[3] }).mapValues(\.count)
        #expect(kinds == ["text": 28, "image": 1, "voice": 1, "sticker": 1, "video": 1, "file": 1, "app": 1, "system": 2, "quote": 2])
        #expect(rows[14] == ["2024-03-01T10:03:12", "刘先生", "刘先生撤回了一条消息", "system"])
        #expect(rows[16][3] == "quote")
        #expect(rows[16][2] == "「刘先生：下周二晚上7点半烫发，Amy老师有空吗」\n有空的，给您排上")
        #expect(rows[18] == ["2024-03-01T10:16:03", "丽人坊前台小美", "[文件]价目表2024.pdf", "file"])
        #expect(rows[26][1] == "系统消息")
        #expect(rows[26][3] == "system")
        #expect(rows[30][3] == "quote")
    }

    @Test("Byte offsets point at each message's header line")
    func byteOffsets() throws {
        let path = ChatTestSupport.sample("wechat-group.txt")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let result = try ChatTestSupport.readAll(path, format: .wechatTXT)
        for record in result.records {
            let offset = Int(try #require(record.provenance.byteOffset))
            let header = record.originalText.split(separator: "\n", omittingEmptySubsequences: false)[0]
            #expect(Array(bytes[offset..<(offset + header.utf8.count)]) == Array(header.utf8))
        }
    }

    @Test("Tiny chunks cut lines and characters anywhere and change nothing", arguments: [1, 3, 7, 64])
    func chunkBoundaries(chunkSize: Int) throws {
        let path = ChatTestSupport.sample("wechat-group.txt")
        let whole = try ChatTestSupport.readAll(path, format: .wechatTXT)
        let chunked = try ChatTestSupport.readAll(path, format: .wechatTXT, chunkSize: chunkSize)
        #expect(chunked.rows == whole.rows)
        #expect(chunked.records.map(\.originalText) == whole.records.map(\.originalText))
        #expect(chunked.records.map(\.provenance) == whole.records.map(\.provenance))
    }

    @Test("CRLF, a header without a body, blank lines before the text and no trailing newline")
    func crlfAndEmptyBody() throws {
        let path = try ChatTestSupport.makeFile(
            "\r\n2024-05-01 08:00:00 王姐\r\n\r\n2024-05-01 08:01:00 小美 \r\n\r\n第一行\r\n\r\n第三行")
        let result = try ChatTestSupport.readAll(path, format: .wechatTXT)
        #expect(result.rejects.isEmpty)
        #expect(result.rows == [
            ["2024-05-01T08:00:00", "王姐", "", "text"],
            ["2024-05-01T08:01:00", "小美", "第一行\n\n第三行", "text"],
        ])
        #expect(result.records.map(\.provenance.line) == [2, 4])
        #expect(result.records[1].originalText == "2024-05-01 08:01:00 小美 \n\n第一行\n\n第三行")
    }

    @Test("A message with bytes illegal in UTF-8 is rejected whole; its neighbours load")
    func undecodableBytes() throws {
        var bytes = Array("2024-05-01 08:00:00 王姐\n你好\n\n2024-05-01 08:01:00 小美\n坏".utf8)
        bytes += [0xFF, 0x0A]
        bytes += Array("\n2024-05-01 08:02:00 王姐\n好的\n".utf8)
        let path = try CSVTestSupport.makeFile(bytes, name: "chat.txt")
        // A tiny file with a stray byte looks like windows-1252 to detection, so the encoding is given.
        let result = try ChatTestSupport.readAll(path, format: .wechatTXT, encoding: .utf8, chunkSize: 5)
        #expect(result.rows == [["2024-05-01T08:00:00", "王姐", "你好", "text"], ["2024-05-01T08:02:00", "王姐", "好的", "text"]])
        #expect(result.rejects.map(\.code) == ["chat.undecodable_bytes"])
        #expect(result.rejects.first?.provenance.line == 4)
        #expect(result.rejects.first?.provenance.recordIndex == 2)
        #expect(result.rejects.first?.originalText == "2024-05-01 08:01:00 小美\n坏\u{FFFD}")
    }

    @Test("An impossible header date stays message text")
    func impossibleHeaderDate() throws {
        let path = try ChatTestSupport.makeFile("2024-02-28 10:00:00 王姐\n2024-02-30 10:00:00 不是表头\n")
        let result = try ChatTestSupport.readAll(path, format: .wechatTXT)
        #expect(result.rows == [["2024-02-28T10:00:00", "王姐", "2024-02-30 10:00:00 不是表头", "text"]])
    }

    @Test("MemoTrace CSV sample: 15 messages, Unix times as Shanghai local time, type codes as kinds")
    func memoTraceCSV() throws {
        let result = try ChatTestSupport.readAll(ChatTestSupport.sample("memotrace-wangjie.csv"), format: .wechatCSV)
        #expect(result.rejects.isEmpty)
        #expect(result.records.count == 15)
        let rows = result.rows
        #expect(rows[0] == ["2024-03-02T10:00:00", "王姐", "在吗？想约明天下午三点剪发", "text"])
        #expect(rows[1] == ["2024-03-02T10:01:12", "我", "在的王姐，找哪位老师？", "text"])
        #expect(rows[2] == ["2024-03-02T10:02:30", "王姐", "还是Tony吧\n顺便修个刘海", "text"])
        #expect(rows.map { $0[3] } == [
            "text", "text", "text", "image", "voice", "text", "sticker", "quote", "system", "text", "video", "file",
            "text", "app", "text",
        ])
        #expect(result.records[2].provenance.line == 4)
        #expect(result.records[3].provenance.line == 6)
        #expect(result.records[3].provenance.recordIndex == 4)
    }

    @Test("PyWxDump CSV sample: 10 messages, text and Unix times, type names as kinds")
    func pyWxDumpCSV() throws {
        let result = try ChatTestSupport.readAll(ChatTestSupport.sample("pywxdump-group.csv"), format: .wechatCSV)
        #expect(result.rejects.isEmpty)
        #expect(result.records.count == 10)
        let rows = result.rows
        #expect(rows[0] == ["2024-03-03T09:00:00", "李小姐", "3月9号上午10点染发，找Amy老师", "text"])
        #expect(rows[1] == ["2024-03-03T09:01:30", "我", "好的李小姐，已登记", "text"])
        #expect(rows[5] == ["2024-03-03T09:11:00", "张先生", "周日下午2点还有位置吗", "quote"])
        #expect(rows[6] == ["2024-03-03T09:20:00", "", "\"丽人坊前台\"邀请\"赵女士\"加入了群聊", "system"])
        #expect(rows.map { $0[3] } == ["text", "text", "image", "text", "voice", "quote", "system", "sticker", "text", "file"])
    }

    @Test("A CSV row with an unreadable time is rejected; milliseconds are accepted")
    func csvTimes() throws {
        let path = try ChatTestSupport.makeFile(
            "id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime\n"
                + "1,1,文本,0,王姐,,你好,,昨天\n2,2,文本,0,王姐,,在吗,,1709344800000\n3,3,43,0,王姐,,,,0\n",
            name: "chat.csv")
        let result = try ChatTestSupport.readAll(path, format: .wechatCSV)
        #expect(result.rejects.map(\.code) == ["chat.invalid_time"])
        #expect(result.rejects.first?.provenance.line == 2)
        #expect(result.rows == [
            ["2024-03-02T10:00:00", "王姐", "在吗", "text"],
            ["1970-01-01T08:00:00", "王姐", "", "video"],
        ])
    }

    @Test("An unknown CSV header is a configuration error naming the headers found")
    func unknownCSVLayout() throws {
        let path = try ChatTestSupport.makeFile("时间,发送人,内容\n2024-03-01,王姐,你好\n", name: "chat.csv")
        let error = try #require(throws: SalonError.self) {
            _ = try ChatRecordReader(path: path, format: .wechatCSV, options: ChatReadOptions(sourceID: "x"))
        }
        #expect(error.code == .configuration)
        #expect(error.message.contains("时间,发送人,内容"))
    }

    @Test("A GB18030 TXT export is decoded")
    func gb18030() throws {
        let path = ChatTestSupport.sample("wechat-group.txt")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let encoded = try TextEncoder.encode(text, as: .gb18030)
        let gbPath = try CSVTestSupport.makeFile(encoded, name: "chat.txt")
        let utf8 = try ChatTestSupport.readAll(path, format: .wechatTXT)
        let reader = try ChatRecordReader(
            path: gbPath, format: .wechatTXT, options: ChatReadOptions(sourceID: "x", encoding: .gb18030))
        var rows: [[String]] = []
        while let event = try reader.next() { if case .record(let record) = event { rows.append(record.values) } }
        #expect(rows.map { $0.prefix(2) } == utf8.rows.map { $0.prefix(2) })
    }

    @Test("The sniffer tells the layouts apart")
    func sniffer() throws {
        #expect(ChatSniffer.detect(path: ChatTestSupport.sample("wechat-group.txt")) == .wechatTXT)
        #expect(ChatSniffer.detect(path: ChatTestSupport.sample("memotrace-wangjie.csv")) == .wechatCSV)
        #expect(ChatSniffer.detect(path: ChatTestSupport.sample("pywxdump-group.csv")) == .wechatCSV)
        let whatsapp = CSVTestSupport.corpus("whatsapp-chat-miner/test_ddmmyy_24hrs.txt").path
        #expect(ChatSniffer.detect(path: whatsapp) == .whatsappTXT)
        #expect(ChatSniffer.detect(path: try ChatTestSupport.makeFile("姓名,电话\n王姐,13800138000\n")) == nil)
        #expect(ChatSniffer.detect(path: "/nonexistent/chat.txt") == nil)
    }
}
