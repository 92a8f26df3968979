import Foundation
import Testing
@testable import SalonReaders

/// The re-readers behind the sample re-check, on the sample files: each finds what the streaming
/// reader read, through its own path.
@Suite struct SampleRereadFormatsTests {
    static func sample(_ relative: String) -> String {
        CSVTestSupport.packageRoot.appendingPathComponent("samples").appendingPathComponent(relative).path
    }

    /// Records read with a delimiter and encoding where skipping must decode (pipe in GB18030,
    /// UTF-16BE) or may work on the file's bytes (tab in GB18030, semicolon in UTF-8).
    @Test(arguments: [
        (TextEncoding.gb18030, "|"), (.gb18030, "\t"), (.utf16BE, ","), (.utf8, ";"),
    ])
    func theCursorReadsLikeTheReaderWithEveryDelimiter(encoding: TextEncoding, delimiter: String) throws {
        let text = SampleRereadTests.longText().replacingOccurrences(of: ",", with: delimiter)
        let path = try CSVTestSupport.makeFile(encoding.byteOrderMark + TextEncoder.encode(text, as: encoding))
        let result = try CSVTestSupport.readAll(path, options: CSVReadOptions(sourceID: "test", encoding: encoding))
        try #require(result.records.count == 1200)
        #expect(CSVRecordCursor.skipsRaw(result.layout) == !(delimiter == "|" || encoding == .utf16BE))
        let cursor = try CSVRecordCursor(path: path, layout: result.layout)
        for record in stride(from: 0, to: 1200, by: 11).map({ result.records[$0] }) {
            #expect(try cursor.record(line: record.provenance.line, byteOffset: nil) == record.values, "line \(record.provenance.line)")
        }
    }

    @Test func xlsxRowsAreReadInOnePassLikeOneByOne() throws {
        let path = Self.sample("CD05/客户资料.xlsx")
        let rows = try XLSXRecordLocator.readRows(path: path, sheet: "客户资料", rows: [3, 4, 5, 6, 99])
        #expect(rows.keys.sorted() == [3, 4, 5, 6])
        for row in [3, 4, 5, 6] {
            #expect(rows[row] == (try XLSXRecordLocator.readRow(path: path, sheet: "客户资料", row: row)))
        }
        #expect(rows[3]?.contains("周晓燕") == true)
    }

    @Test(arguments: ["customers", "receipts"])
    func sqlDumpRowsAreTheReadersRows(table: String) throws {
        let path = Self.sample("pos/legacy_pos_sh01.sql")
        let reader = try SQLDumpRecordReader(path: path, options: SQLDumpReadOptions(sourceID: "test", tables: [table]))
        var records: [Record] = []
        while let event = try reader.next() {
            if case .record(let record) = event { records.append(record) }
        }
        #expect(records.count >= 3)
        let reread = try SQLDumpRowLocator.readRows(path: path, table: table, rows: Set(records.map(\.provenance.recordIndex)))
        #expect(reread.columns == records[0].schema.columns)
        for record in records {
            // An INSERT without a column list leaves the columns it does not give empty.
            let expected = record.values + Array(repeating: "", count: max(reread.columns.count - record.values.count, 0))
            #expect(reread.rows[record.provenance.recordIndex] == expected, "\(table) row \(record.provenance.recordIndex)")
        }
        // Comments and strings holding ; or ' end nothing; escapes come back as the text.
        if table == "customers" {
            #expect(reread.rows[1]?[4] == "喜欢自然卷\n不要染发")
            #expect(reread.rows[2]?[1] == "O'Brien 李")
            #expect(reread.rows[4]?[1] == "赵 '四'")
        }
    }

    @Test func chatTextMessagesAreTheReadersMessages() throws {
        let path = Self.sample("chat/wechat-group.txt")
        let records = try ChatTestSupport.readAll(path, format: .wechatTXT).records
        let locator = try ChatTextLocator(path: path, encoding: nil)
        for record in records {
            let lines = try #require(try locator.message(line: record.provenance.line))
            #expect(lines.dropFirst().joined(separator: "\n") == record.values[2], "line \(record.provenance.line)")
            #expect(lines[0].hasSuffix(" " + record.values[1]))
        }
        #expect(try locator.message(line: 10_000) == nil)
    }
}
