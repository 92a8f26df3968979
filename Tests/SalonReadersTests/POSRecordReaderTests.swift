import Foundation
import Testing
@testable import SalonReaders

@Suite struct POSRecordReaderTests {
    typealias Support = CSVTestSupport

    static func sample(_ name: String) -> String {
        Support.packageRoot.appendingPathComponent("samples/pos").appendingPathComponent(name).path
    }

    struct Read {
        var events: [ReaderEvent]
        var endedCleanly: Bool
        var records: [Record] { events.compactMap { if case .record(let r) = $0 { r } else { nil } } }
        var rejects: [Reject] { events.compactMap { if case .reject(let r) = $0 { r } else { nil } } }
        var warnings: [SalonCore.Warning] { events.compactMap { if case .warning(let w) = $0 { w } else { nil } } }
    }

    static func read(_ path: String, chunkSize: Int = 1 << 20) throws -> Read {
        let reader = try POSRecordReader(path: path, options: CSVReadOptions(sourceID: "pos"), chunkSize: chunkSize)
        var events: [ReaderEvent] = []
        while let event = try reader.next() { events.append(event) }
        return Read(events: events, endedCleanly: reader.endedCleanly)
    }

    static let header = "小票号,消费时间,门店,会员卡号,手机,服务项目,数量,单价,金额,支付方式,状态,原单号,发型师\n"
    static let line1 = "R1,2024-03-01 10:05:12,SH01,VIP0001,13800138001,洗剪吹,1,68.00,68.00,微信,正常,,Tony"
    static let line2 = "R2,2024-03-01 11:20:00,SH01,,13900139002,烫发,1,380.00,380.00,支付宝,正常,,阿杰"

    @Test func dayOneSampleReadsEveryLine() throws {
        let result = try Self.read(Self.sample("SH01_20240301.csv"))
        #expect(result.endedCleanly)
        #expect(result.rejects.isEmpty && result.warnings.isEmpty)
        #expect(result.records.map { $0["小票号"]! } == [
            "R20240301001", "R20240301001", "R20240301002", "R20240301003", "R20240301003", "R20240301004", "R20240301005",
        ])
        #expect(result.records.map(\.provenance.line) == Array(2...8))
        #expect(result.records[4]["数量"] == "2")
        #expect(result.records[6]["金额"] == "150.00")
    }

    @Test func gbkDayTwoSampleDecodes() throws {
        let result = try Self.read(Self.sample("SH01_20240302.csv"))
        #expect(result.endedCleanly)
        #expect(result.rejects.isEmpty)
        #expect(result.records.count == 7)
        #expect(result.records[2]["手机"] == "138****8001")
        #expect(result.records[3]["状态"] == "退款")
        #expect(result.records[3]["原单号"] == "R20240301002")
        #expect(result.records[6]["发型师"] == "小美")
    }

    @Test func lastLineWithoutBreakAndFewerCellsIsATruncatedReject() throws {
        let cut = "R3,2024-03-01 12:00:00,SH01,,139001"
        for chunkSize in [7, 1 << 20] {
            let result = try Self.read(try Support.makeFile(Self.header + Self.line1 + "\n" + Self.line2 + "\n" + cut), chunkSize: chunkSize)
            #expect(!result.endedCleanly)
            #expect(result.records.count == 2)
            #expect(result.warnings.isEmpty)
            #expect(result.rejects.count == 1)
            let reject = try #require(result.rejects.first)
            #expect(reject.code == .posTruncatedLine)
            #expect(reject.provenance.line == 4)
            #expect(reject.originalText == cut)
        }
    }

    @Test func completeLookingLastLineWithoutBreakIsStillRejected() throws {
        // "380.00" cut to "38" would parse; only the missing line break tells.
        let result = try Self.read(try Support.makeFile(Self.header + Self.line1 + "\r\n" + Self.line2))
        #expect(!result.endedCleanly)
        #expect(result.records.map(\.provenance.line) == [2])
        #expect(result.rejects.map(\.code) == [.posTruncatedLine])
        #expect(result.rejects.first?.originalText == Self.line2)
    }

    @Test func openQuoteAtTheEndIsATruncatedLineEvenAfterALineBreak() throws {
        let result = try Self.read(try Support.makeFile(Self.header + Self.line1 + "\nR2,2024-03-01,SH01,,,\"烫发\n"))
        #expect(!result.endedCleanly)
        #expect(result.records.count == 1)
        #expect(result.rejects.map(\.code) == [.posTruncatedLine])
        #expect(result.rejects.first?.provenance.line == 3)
    }

    @Test func shortLastLineWithBreakIsAWarningNotATruncation() throws {
        let result = try Self.read(try Support.makeFile(Self.header + Self.line1 + "\nR2,2024-03-01,SH01\n"))
        #expect(result.endedCleanly)
        #expect(result.rejects.isEmpty)
        #expect(result.warnings.map(\.code) == [.csvShortRow])
        #expect(result.records.count == 2)
    }

    @Test func utf16FileEndingWithoutBreakIsSeen() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in (Self.header + Self.line1).utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = try Self.read(try Support.makeFile(bytes))
        #expect(!result.endedCleanly)
        #expect(result.records.isEmpty)
        #expect(result.rejects.map(\.code) == [.posTruncatedLine])
    }

    @Test func emptyAndHeaderOnlyFilesEndCleanly() throws {
        #expect(try Self.read(try Support.makeFile("")).endedCleanly)
        let headerOnly = try Self.read(try Support.makeFile(Self.header))
        #expect(headerOnly.endedCleanly && headerOnly.events.isEmpty)
    }
}
