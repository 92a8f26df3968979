import Foundation
import Testing
@testable import SalonReaders

/// The batch re-readers the sample re-check uses give what the single-record locators give.
@Suite struct SampleRereadTests {
    /// A file long enough that a seek by byte offset is taken (more than 512 lines between records).
    static func longText() -> String {
        var text = "客户档案 2024,,\r\n姓名,手机,备注\r\n"
        for index in 0..<1200 {
            let note = index % 97 == 0 ? "\"两行\r\n备注，含\"\"引号\"\"\"" : "备注\(index)"
            text += "客户\(index),1380013\(String(format: "%04d", index)),\(note)\r\n"
        }
        return text
    }

    @Test(arguments: [TextEncoding.utf8, .gb18030, .utf16LE])
    func theCursorReadsSampledRecordsLikeTheReader(encoding: TextEncoding) throws {
        let path = try CSVTestSupport.makeFile(encoding.byteOrderMark + TextEncoder.encode(Self.longText(), as: encoding))
        let result = try CSVTestSupport.readAll(path)
        #expect(result.records.count == 1200)
        let cursor = try CSVRecordCursor(path: path, layout: result.layout)
        // Every 7th record, forward, then one far back: the cursor rewinds or seeks.
        let picked = stride(from: 0, to: 1200, by: 7).map { result.records[$0] } + [result.records[3]]
        for record in picked {
            let cells = try cursor.record(line: record.provenance.line, byteOffset: record.provenance.byteOffset)
            #expect(cells == record.values, "line \(record.provenance.line)")
        }
        #expect(try cursor.record(line: 99_999, byteOffset: nil) == nil)
    }

    @Test func readRowsFindsTheSameRowsAsReadRow() throws {
        let book = SpreadsheetMLTestSupport.workbook("""
            <Worksheet ss:Name="客户"><Table>
            <Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">手机</Data></Cell></Row>
            <Row><Cell><Data ss:Type="String">王小红</Data></Cell><Cell><Data ss:Type="Number">13800138001</Data></Cell></Row>
            <Row/>
            <Row><Cell><Data ss:Type="String">李明</Data></Cell><Cell ss:Index="2"><Data ss:Type="String">138 0013 8002</Data></Cell></Row>
            <Row><Cell><Data ss:Type="String">张丽</Data></Cell></Row>
            </Table></Worksheet>
            <Worksheet ss:Name="其他"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row></Table></Worksheet>
            """)
        let path = try SpreadsheetMLTestSupport.write(book)
        let rows = try SpreadsheetMLRecordLocator.readRows(path: path, sheet: "客户", rows: [2, 3, 4, 5, 9])
        #expect(rows.keys.sorted() == [2, 4, 5])
        for row in [2, 4, 5] {
            #expect(rows[row] == (try SpreadsheetMLRecordLocator.readRow(path: path, sheet: "客户", row: row)))
        }
        #expect(rows[4] == ["李明", "138 0013 8002"])
    }
}
