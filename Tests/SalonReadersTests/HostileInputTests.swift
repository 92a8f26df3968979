import Foundation
import SalonCore
import Testing
@testable import SalonReaders

/// Inputs written to hurt: a line far longer than any reader's record limit (1 MiB of decoded text
/// for CSV rows and chat lines and messages; 16 MiB per SQL value, 1 MiB of SQL row text kept), NUL
/// bytes, overlong UTF-8, and the minimised mutants the fuzzer found. The long inputs are streamed
/// from generated files of 32 MiB (standing in for a 1 GB line) so the suite stays fast.
@Suite struct HostileInputTests {
    static let longLine = 32 << 20

    /// Writes `head`, then `filler` repeated to `Self.longLine` bytes with no line break, then `tail`.
    static func makeLongFile(
        head: String, filler: UInt8 = UInt8(ascii: "a"), size: Int = longLine, tail: String, name: String
    ) throws -> String {
        let path = try CSVTestSupport.makeFile(head, name: name)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        let chunk = Data(repeating: filler, count: 1 << 20)
        for _ in 0..<(size >> 20) { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data(tail.utf8))
        return path
    }

    static func events(_ reader: some RecordReader) throws -> [ReaderEvent] {
        var reader = reader
        var events: [ReaderEvent] = []
        while let event = try reader.next() { events.append(event) }
        return events
    }

    static func rejects(_ events: [ReaderEvent]) -> [Reject] {
        events.compactMap { if case .reject(let r) = $0 { r } else { nil } }
    }

    static func records(_ events: [ReaderEvent]) -> [Record] {
        events.compactMap { if case .record(let r) = $0 { r } else { nil } }
    }

    @Test("CSV: a 32 MiB line with no newline is a csv.record_too_long reject; the buffer stays near 1 MiB")
    func csvLongLine() throws {
        let path = try Self.makeLongFile(head: "姓名,手机\n张三,13800138000\n李四,", tail: "\n王五,13900139000\n", name: "long.csv")
        let reader = try CSVRecordReader(path: path, options: .init(sourceID: "t"))
        let events = try Self.events(reader)
        #expect(Self.records(events).map { $0.values } == [["张三", "13800138000"], ["王五", "13900139000"]])
        let rejects = Self.rejects(events)
        #expect(rejects.map(\.code) == [.csvRecordTooLong])
        #expect(rejects.first?.provenance.line == 3)
        #expect(Self.records(events).last?.provenance.line == 4)
        #expect(rejects.first?.originalText.utf8.count == CSVScanner.overlongHead)
        #expect(rejects.first?.originalText.hasPrefix("李四,aaa") == true)
        #expect(reader.bufferCapacity <= 8 << 20)
    }

    @Test("CSV: a quote that never closes over 32 MiB is one reject, not a 32 MiB cell")
    func csvOpenQuote() throws {
        let path = try Self.makeLongFile(head: "姓名,备注\n张三,\"", filler: UInt8(ascii: "\n"), tail: "", name: "quote.csv")
        let reader = try CSVRecordReader(path: path, options: .init(sourceID: "t"))
        let events = try Self.events(reader)
        #expect(Self.rejects(events).map(\.code) == [.csvRecordTooLong])
        #expect(Self.records(events).isEmpty)
        #expect(reader.bufferCapacity <= 8 << 20)
    }

    @Test("POS export: the long line is rejected by the CSV limit before the truncation check")
    func posLongLine() throws {
        let path = try Self.makeLongFile(
            head: "小票号,日期,金额\nR001,2024-03-01,128.00\nR002,", tail: "\nR003,2024-03-01,58.00\n", name: "pos.csv")
        let reader = try POSRecordReader(path: path, options: .init(sourceID: "t"))
        let events = try Self.events(reader)
        #expect(Self.records(events).map { $0.values[0] } == ["R001", "R003"])
        #expect(Self.rejects(events).map(\.code) == [.csvRecordTooLong])
        #expect(reader.endedCleanly)
    }

    @Test("Chat TXT: a 32 MiB line is a chat.message_too_long reject and the next message loads")
    func chatLongLine() throws {
        let path = try Self.makeLongFile(
            head: "2024-03-01 10:00:00 王姐\n明天下午三点\n2024-03-01 10:01:00 小美\n",
            tail: "\n2024-03-01 10:02:00 王姐\n好的\n", name: "chat.txt")
        let reader = try ChatRecordReader(path: path, format: .wechatTXT, options: .init(sourceID: "t"))
        let events = try Self.events(reader)
        #expect(Self.records(events).map { $0.values[2] } == ["明天下午三点", "好的"])
        let rejects = Self.rejects(events)
        #expect(rejects.map(\.code) == [.chatMessageTooLong])
        #expect(rejects.first?.provenance.line == 3)
        #expect(Self.records(events).last?.provenance.line == 5)
        #expect((rejects.first?.originalText.utf8.count ?? 0) <= ChatLineReader.overlongHead)
        #expect(reader.bufferCapacity <= 8 << 20)
    }

    @Test("Chat TXT: a message of many short lines stops gathering at 1 MiB")
    func chatLongMessage() throws {
        // 4 MiB of line breaks: every line is read on its own, so more would only slow the suite.
        let path = try Self.makeLongFile(
            head: "2024-03-01 10:00:00 王姐\n", filler: UInt8(ascii: "\n"), size: 4 << 20,
            tail: "x\n2024-03-01 10:02:00 王姐\n好的\n", name: "lines.txt")
        let reader = try ChatRecordReader(path: path, format: .wechatTXT, options: .init(sourceID: "t"))
        let events = try Self.events(reader)
        #expect(Self.rejects(events).map(\.code) == [.chatMessageTooLong])
        #expect(Self.records(events).map { $0.provenance.line } == [(4 << 20) + 3])
        #expect(reader.bufferCapacity <= 8 << 20)
    }

    @Test("SQL dump: a 32 MiB string value is sql.value_too_long and the next row loads")
    func sqlLongValue() throws {
        let path = try Self.makeLongFile(
            head: "CREATE TABLE `t` (`id` int, `v` text);\nINSERT INTO `t` VALUES (1,'", tail: "'),(2,'ok');\n",
            name: "dump.sql")
        let events = try Self.events(try SQLDumpRecordReader(path: path, options: .init(sourceID: "t")))
        #expect(Self.rejects(events).map(\.code) == [.sqlValueTooLong])
        #expect(Self.records(events).map(\.values) == [["2", "ok"]])
        #expect((Self.rejects(events).first?.originalText.utf8.count ?? 0) <= SQLDumpRecordReader.defaultRowTextLimit + 64)
    }

    @Test("CSV: NUL bytes stay inside their cell; they end neither the cell nor the record")
    func csvNULBytes() throws {
        let path = try CSVTestSupport.makeFile(Array("姓名,备注\n张\u{0}三,a\u{0}\u{0}b\n李四,ok\n".utf8), name: "nul.csv")
        let result = try CSVTestSupport.readAll(path)
        #expect(result.records.map(\.values) == [["张\u{0}三", "a\u{0}\u{0}b"], ["李四", "ok"]])
        #expect(result.records.map(\.provenance.line) == [2, 3])
    }

    @Test("CSV: overlong UTF-8 (C0 AF for '/') is never decoded as '/': the record is rejected")
    func csvOverlongUTF8() throws {
        let bytes = Array("姓名,路径\n张三,..".utf8) + [0xC0, 0xAF] + Array("etc\n李四,ok\n".utf8)
        let result = try CSVTestSupport.readAll(
            try CSVTestSupport.makeFile(bytes, name: "overlong.csv"), options: .init(sourceID: "t", encoding: .utf8))
        #expect(result.rejects.map(\.code) == [.csvUndecodableBytes])
        #expect(!result.rejects[0].originalText.contains("../etc"))
        #expect(result.records.map(\.values) == [["李四", "ok"]])
    }

    @Test("fuzz regression: a DOCTYPE refusal names a line, as every reject does")
    func doctypeRejectHasALine() throws {
        // Minimised from fuzz mutant #51 of XEETestInvalidUTF-8.xml (seed 5909823278391182176).
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE root [\n <!ENTITY x0 \"DoS\">\n]>\n<root>(&x0;)</rQ-"
        let path = try SpreadsheetMLTestSupport.write(text)
        let events = try Self.events(try SpreadsheetMLRecordReader(path: path, options: .init(sourceID: "t")))
        #expect(Self.rejects(events).map(\.code) == [.xmlDoctypeForbidden])
        #expect((Self.rejects(events).first?.provenance.line ?? 0) >= 1)
    }

    @Test("fuzz regression: a header of thousands of repeated names is named in linear time", .timeLimit(.minutes(1)))
    func repeatedHeaderNames() throws {
        // Minimised from fuzz mutant #77 of SH01_20240301.csv (seed 11887248650845571375): one
        // line of 7193 header cells, the same six names over and over, with no line break.
        let names = ["门店", "会员卡号", "手机", "服务项目", "数量", "单价"]
        let header = (0..<40_000).map { names[$0 % names.count] }.joined(separator: ",")
        let path = try CSVTestSupport.makeFile(header, name: "header.csv")
        let reader = try POSRecordReader(path: path, options: .init(sourceID: "t"))
        #expect(reader.layout.columns.count == 40_000)
        #expect(Set(reader.layout.columns).count == 40_000)
        #expect(reader.layout.columns.last == "服务项目_6667")
        #expect(try Self.events(reader).isEmpty)
    }
}
