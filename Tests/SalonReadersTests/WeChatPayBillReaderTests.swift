import Foundation
import Testing
@testable import SalonReaders

@Suite struct WeChatPayBillReaderTests {
    typealias Support = CSVTestSupport

    static let samplePath = Support.packageRoot
        .appendingPathComponent("samples/pos/wechatpay_1900000109_20240301-20240302.csv").path

    static func readAll(_ reader: WeChatPayBillReader) throws -> [ReaderEvent] {
        var events: [ReaderEvent] = []
        while let event = try reader.next() { events.append(event) }
        return events
    }

    static func records(_ events: [ReaderEvent]) -> [Record] {
        events.compactMap { if case .record(let r) = $0 { r } else { nil } }
    }

    @Test func sampleBillSkipsPreambleStripsBackquotesAndKeepsTheSummary() throws {
        let reader = try WeChatPayBillReader(path: Self.samplePath, options: CSVReadOptions(sourceID: "wx"))
        let events = try Self.readAll(reader)
        let records = Self.records(events)
        #expect(events.count == records.count)
        #expect(reader.preambleLineCount == 8)
        #expect(reader.preamble.first == "微信支付账单明细")
        #expect(reader.preamble.contains("共10笔记录"))
        #expect(reader.layout.headerLine == 9)
        #expect(reader.layout.columns.count == 27)
        #expect(records.count == 10)
        #expect(records.map(\.provenance.line) == Array(10...19))
        #expect(records[0]["交易时间"] == "2024-03-01 10:05:40")
        #expect(records[0]["微信订单号"] == "42000021002024030100010000")
        #expect(records[0]["商户订单号"] == "R20240301001")
        #expect(records[0]["设备号"] == "POS-SH01")
        #expect(records[0]["费率备注"] == "")
        #expect(records[0].originalText.hasPrefix("`2024-03-01 10:05:40,`wx"))
        #expect(records[9]["交易状态"] == "REFUND")
        #expect(records[9]["退款金额"] == "380.00")
        #expect(reader.summaryColumns == ["总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额", "申请退款总金额"])
        #expect(reader.summary["总交易单数"] == "10")
        #expect(reader.summary["应结订单总金额"] == "¥1353.00")
        #expect(reader.summary["退款总金额"] == "¥380.00")
        #expect(reader.summary["手续费总金额"] == "¥5.85")
    }

    /// The control totals a validator checks: transaction count and settled amount.
    @Test func summaryMatchesTheRecordsItCloses() throws {
        let reader = try WeChatPayBillReader(path: Self.samplePath, options: CSVReadOptions(sourceID: "wx"))
        let records = Self.records(try Self.readAll(reader))
        func fen(_ text: String) -> Int64 {
            let digits = text.filter { $0.isNumber || $0 == "-" }
            return Int64(digits)!
        }
        #expect(Int(reader.summary["总交易单数"]!) == records.count)
        #expect(records.map { fen($0["应结订单金额"]!) }.reduce(0, +) == fen(reader.summary["应结订单总金额"]!))
        #expect(records.map { fen($0["退款金额"]!) }.reduce(0, +) == fen(reader.summary["退款总金额"]!))
        #expect(records.map { fen($0["手续费"]!) }.reduce(0, +) == fen(reader.summary["手续费总金额"]!))
    }

    @Test func rowsAfterTheSummaryAreRejectedAndShortRowsStillWarn() throws {
        let text = """
            微信支付账单明细
            ----------
            交易时间,商户订单号,应结订单金额
            `2024-03-01 10:00:00,`A1,`¥100.00
            `2024-03-01 11:00:00,`A2
            总交易单数,应结订单总金额
            `2,`¥100.00
            `stray

            """
        let reader = try WeChatPayBillReader(path: try Support.makeFile(text), options: CSVReadOptions(sourceID: "wx"))
        let events = try Self.readAll(reader)
        #expect(reader.preambleLineCount == 2)
        let records = Self.records(events)
        #expect(records.map { $0["商户订单号"]! } == ["A1", "A2"])
        #expect(records[0]["应结订单金额"] == "¥100.00")
        let warnings = events.compactMap { if case .warning(let w) = $0 { w } else { nil } }
        #expect(warnings.map(\.provenance.line) == [5])
        let rejects = events.compactMap { if case .reject(let r) = $0 { r } else { nil } }
        #expect(rejects.map(\.code) == [.wechatPayAfterSummary])
        #expect(rejects.first?.provenance.line == 8)
        #expect(reader.summary == ["总交易单数": "2", "应结订单总金额": "¥100.00"])
    }

    @Test func aFileWithoutTheHeaderIsNotABill() throws {
        let path = try Support.makeFile("姓名,手机\n张三,13800138000\n")
        #expect(throws: SalonError.self) { try WeChatPayBillReader(path: path, options: CSVReadOptions(sourceID: "wx")) }
    }
}
