import Foundation
import Testing
@testable import SalonReaders

@Suite struct CSVRecordReaderTests {
    typealias Support = CSVTestSupport

    static let customers = """
        姓名,手机,生日,会员等级,余额,备注
        张三,13800138000,1990-01-02,金卡,1200.50,喜欢短发
        李四,13900139000,1985-12-31,银卡,0,"烫发,染发"
        王五,13700137000,,普通,30,

        """

    @Test func skipsTitleRowsAndBlankLinesAboveTheHeader() throws {
        let text = "2023年客户档案 导出时间：2023-12-31,,,,,\r\n\r\n" + Self.customers.replacingOccurrences(of: "\n", with: "\r\n")
        let result = try Support.readAll(try Support.makeFile(text))
        #expect(result.layout.headerLine == 3)
        #expect(result.layout.columns == ["姓名", "手机", "生日", "会员等级", "余额", "备注"])
        #expect(result.records.count == 3)
        #expect(result.records[1]["备注"] == "烫发,染发")
        #expect(result.records.map(\.provenance.line) == [4, 5, 6])
        #expect(result.records.map(\.provenance.recordIndex) == [1, 2, 3])
        #expect(result.layout.sampleRows.first?.first == "张三")
        #expect(result.events.count == 3)
    }

    @Test func utf8ByteOffsetsPointAtRecordStarts() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array(Self.customers.utf8)
        let result = try Support.readAll(try Support.makeFile(bytes))
        for record in result.records {
            let offset = Int(try #require(record.provenance.byteOffset))
            let rest = String(decoding: bytes[offset...], as: UTF8.self)
            #expect(rest.hasPrefix(record.originalText))
        }
        #expect(result.records.first?.provenance.byteOffset == Int64(3 + "姓名,手机,生日,会员等级,余额,备注\n".utf8.count))
    }

    @Test func sepLineSetsTheDelimiterAndIsNotData() throws {
        let result = try Support.readAll(try Support.makeFile("sep=|\n姓名|手机\n张三|13800138000\n"))
        #expect(result.layout.hasSepLine)
        #expect(result.layout.delimiter == UInt8(ascii: "|"))
        #expect(result.layout.headerLine == 2)
        #expect(result.records.map(\.values) == [["张三", "13800138000"]])
        #expect(result.records.first?.provenance.line == 3)
    }

    @Test func readsExcelUnicodeTextExport() throws {
        let text = Self.customers.replacingOccurrences(of: ",", with: "\t").replacingOccurrences(of: "\"烫发\t染发\"", with: "烫发、染发")
        let bytes = [0xFF, 0xFE] + (try TextEncoder.encode(text.replacingOccurrences(of: "\n", with: "\r\n"), as: .utf16LE))
        for chunkSize in [1 << 20, 5] {
            let result = try Support.readAll(try Support.makeFile(bytes), chunkSize: chunkSize)
            #expect(result.layout.encoding.encoding == .utf16LE && result.layout.encoding.hasBOM)
            #expect(result.layout.delimiter == UInt8(ascii: "\t"))
            #expect(result.records.map { $0["姓名"] } == ["张三", "李四", "王五"])
            #expect(result.records[1]["备注"] == "烫发、染发")
            #expect(result.records.allSatisfy { $0.provenance.byteOffset == nil })
        }
    }

    @Test func readsGB18030CustomerRows() throws {
        let bytes = try TextEncoder.encode(Self.customers, as: .gb18030)
        let result = try Support.readAll(try Support.makeFile(bytes))
        #expect(result.layout.encoding.encoding == .gb18030)
        #expect(result.layout.encoding.confidence > 0.8)
        #expect(result.records.map { $0["姓名"] } == ["张三", "李四", "王五"])
        #expect(result.records[0]["备注"] == "喜欢短发")
    }

    @Test func rejectsOnlyTheRecordWithInvalidGBKBytes() throws {
        var bytes = try TextEncoder.encode("姓名,备注\n张三,喜欢短发\n", as: .gb18030)
        bytes += try TextEncoder.encode("李四,", as: .gb18030) + [0x81, 0x20] + Array("坏\n".utf8).prefix(0) + [0x0A]
        bytes += try TextEncoder.encode("王五,烫发\n", as: .gb18030)
        let result = try Support.readAll(try Support.makeFile(bytes), options: CSVReadOptions(sourceID: "s", encoding: .gb18030))
        #expect(result.records.map { $0["姓名"] } == ["张三", "王五"])
        let reject = try #require(result.rejects.first)
        #expect(result.rejects.count == 1)
        #expect(reject.code == .csvUndecodableBytes)
        #expect(reject.provenance.line == 3)
        #expect(reject.provenance.recordIndex == 2)
        #expect(reject.originalText == "李四,\u{FFFD} ")
    }

    @Test func genuineReplacementCharacterInUTF8IsNotAnError() throws {
        let result = try Support.readAll(try Support.makeFile("a,b\n1,\u{FFFD}\n2,\u{FFFD}x\n"))
        #expect(result.rejects.isEmpty)
        #expect(result.records.count == 2)
    }

    @Test func invalidUTF8BytesRejectTheirRecordOnly() throws {
        let bytes = Array("姓名,备注\n张三,好\n".utf8) + Array("李四,".utf8) + [0xE5, 0xA5] + Array("\n王五,ok\n".utf8)
        let result = try Support.readAll(try Support.makeFile(bytes), options: CSVReadOptions(sourceID: "s", encoding: .utf8))
        #expect(result.records.map { $0["姓名"] } == ["张三", "王五"])
        #expect(result.rejects.map(\.code) == [.csvUndecodableBytes])
        #expect(result.rejects.first?.originalText == "李四,\u{FFFD}")
    }

    @Test func extraNonEmptyCellsAreRejectedButEmptyOnesTrimmed() throws {
        let result = try Support.readAll(try Support.makeFile("a,b\n1,2,3\n4,5,,\n"))
        #expect(result.rejects.map(\.code) == [.csvExtraCells])
        #expect(result.rejects.first?.originalText == "1,2,3")
        #expect(result.rejects.first?.provenance.line == 2)
        #expect(result.records.map(\.values) == [["4", "5"]])
    }

    @Test func shortRowIsPaddedWithAWarningBeforeTheRecord() throws {
        let result = try Support.readAll(try Support.makeFile("a,b,c\n1\n"))
        #expect(result.events.count == 2)
        guard case .warning(let warning) = result.events[0], case .record(let record) = result.events[1] else {
            Issue.record("expected a warning then a record")
            return
        }
        #expect(warning.code == .csvShortRow)
        #expect(warning.provenance.line == 2)
        #expect(record.values == ["1", "", ""])
    }

    @Test func unterminatedQuoteRejectsTheLastRecordOnly() throws {
        let result = try Support.readAll(try Support.makeFile("a,b\n1,2\n3,\"open\nstill open\n"))
        #expect(result.records.map(\.values) == [["1", "2"]])
        #expect(result.rejects.map(\.code) == [.csvUnterminatedQuote])
        #expect(result.rejects.first?.provenance.line == 3)
        #expect(result.rejects.first?.originalText == "3,\"open\nstill open\n")
    }

    @Test func crOnlyLineEndingsAndEmbeddedBreaksCountLines() throws {
        let result = try Support.readAll(try Support.makeFile("a,b\r1,\"x\ry\"\r2,z\r"))
        #expect(result.records.map(\.values) == [["1", "x\ry"], ["2", "z"]])
        #expect(result.records.map(\.provenance.line) == [2, 4])
    }

    @Test func chunkBoundariesInsideCharactersAndQuotedFields() throws {
        let text = "姓名,备注\r\n张三,\"多行\r\n备注，含\"\"引号\"\"\"\r\n李四,短发\r\n"
        for encoding in [TextEncoding.utf8, .gb18030, .utf16LE] {
            let bytes = try TextEncoder.encode(text, as: encoding)
            for chunkSize in 1...7 {
                let result = try Support.readAll(
                    try Support.makeFile(bytes), options: CSVReadOptions(sourceID: "s", encoding: encoding), chunkSize: chunkSize)
                #expect(result.records.map(\.values) == [["张三", "多行\r\n备注，含\"引号\""], ["李四", "短发"]], "\(encoding) \(chunkSize)")
                #expect(result.records.map(\.provenance.line) == [2, 4])
                #expect(result.rejects.isEmpty)
            }
        }
    }

    @Test func emptyFileYieldsNothing() throws {
        let result = try Support.readAll(try Support.makeFile([UInt8]()))
        #expect(result.events.isEmpty)
        #expect(result.layout.columns.isEmpty)
        #expect(result.layout.headerLine == 0)
    }

    @Test func duplicateAndEmptyHeaderNamesAreMadeUnique() throws {
        let result = try Support.readAll(try Support.makeFile("姓名,备注,备注,手机,,备注\n张三,a,b,1,x,c\n"))
        #expect(result.layout.columns == ["姓名", "备注", "备注_2", "手机", "column_5", "备注_3"])
        #expect(result.records.first?["备注_2"] == "b")
    }

    @Test func headerRowCanBeGiven() throws {
        let path = try Support.makeFile("x,y\na,b\n1,2\n")
        let result = try Support.readAll(path, options: CSVReadOptions(sourceID: "s", headerRow: 2))
        #expect(result.layout.columns == ["a", "b"])
        #expect(result.layout.headerLine == 2)
        #expect(result.records.map(\.values) == [["1", "2"]])
        #expect(throws: SalonError.self) { try CSVRecordReader(path: path, options: CSVReadOptions(sourceID: "s", headerRow: 9)) }
    }

    @Test func missingFileIsAnIOError() {
        #expect {
            try CSVRecordReader(path: "/nonexistent/客户.csv", options: CSVReadOptions(sourceID: "s"))
        } throws: { ($0 as? SalonError)?.code == .io }
    }

    @Test func backslashIsOrdinaryText() throws {
        let result = try Support.readAll(try Support.makeFile("a,b\n\"x\\\",y\\\n"))
        #expect(result.records.map(\.values) == [["x\\", "y\\"]])
    }

    @Test func loneSurrogateInUTF16RejectsItsRecord() throws {
        var bytes: [UInt8] = [0xFF, 0xFE] + (try TextEncoder.encode("姓名\t备注\r\n张三\t", as: .utf16LE))
        bytes += [0x00, 0xD8, 0x41, 0x00] + (try TextEncoder.encode("\r\n李四\t短发\r\n", as: .utf16LE))
        let result = try Support.readAll(try Support.makeFile(bytes))
        #expect(result.records.map { $0["姓名"] } == ["李四"])
        #expect(result.rejects.map(\.code) == [.csvUndecodableBytes])
        #expect(result.rejects.first?.originalText == "张三\t\u{FFFD}A")
    }

    @Test func readsBig5CustomerRows() throws {
        let text = "姓名,手機,備註\r\n陳大文,91234567,喜歡短髮\r\n黃美玲,61234567,染髮\r\n"
        let result = try Support.readAll(try Support.makeFile(try TextEncoder.encode(text, as: .big5)))
        #expect(result.layout.encoding.encoding == .big5)
        #expect(result.records.map(\.values) == [["陳大文", "91234567", "喜歡短髮"], ["黃美玲", "61234567", "染髮"]])
    }
}
