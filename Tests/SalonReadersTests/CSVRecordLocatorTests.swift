import Testing
@testable import SalonReaders

@Suite struct CSVRecordLocatorTests {
    static let text = "2023年客户档案,,\r\n姓名,手机,备注\r\n张三,13800138000,\"两行\r\n备注，含\"\"引号\"\"\"\r\n李四,13900139000\r\n王五,13700137000,短发\r\n"

    /// Every record the reader yields can be found again, by byte offset and by line, with the same cells.
    @Test(arguments: [TextEncoding.utf8, .gb18030, .utf16LE])
    func reReadsEveryRecordLikeTheReader(encoding: TextEncoding) throws {
        let path = try CSVTestSupport.makeFile(encoding.byteOrderMark + TextEncoder.encode(Self.text, as: encoding))
        let result = try CSVTestSupport.readAll(path)
        #expect(result.records.count == 3)
        for record in result.records {
            let byLine = try CSVRecordLocator.readRecord(path: path, layout: result.layout, byteOffset: nil, line: record.provenance.line)
            #expect(byLine == record.values)
            let byOffset = try CSVRecordLocator.readRecord(
                path: path, layout: result.layout, byteOffset: record.provenance.byteOffset, line: record.provenance.line)
            #expect(byOffset == record.values)
        }
        #expect(encoding == .utf8 ? result.records.allSatisfy { $0.provenance.byteOffset != nil } : true)
    }

    @Test func lineInsideAMultiLineRecordOrPastTheEndFindsNothing() throws {
        let path = try CSVTestSupport.makeFile(Self.text)
        let layout = try CSVSniffer.sniff(path: path, options: CSVReadOptions(sourceID: "s"))
        #expect(try CSVRecordLocator.readRecord(path: path, layout: layout, byteOffset: nil, line: 4) == nil)
        #expect(try CSVRecordLocator.readRecord(path: path, layout: layout, byteOffset: nil, line: 99) == nil)
    }
}
