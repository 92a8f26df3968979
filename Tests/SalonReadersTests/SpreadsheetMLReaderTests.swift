import Foundation
import SalonReaders
import Testing

/// Realistic salon workbooks written into temp dirs: a customer file (客户档案) exported from Excel
/// 2003 with a title row, merged header cells, one sheet per year, rich-text notes and phones stored
/// as Number; plus hostile files.
@Suite("SpreadsheetML reader")
struct SpreadsheetMLReaderTests {
    typealias Support = SpreadsheetMLTestSupport

    /// One yearly sheet. `prefix` is "" (default namespace) or "ss:" (Excel's prefixed variant).
    private func customerSheet(year: Int, prefix p: String = "") -> String {
        """
         <\(p)Worksheet ss:Name="\(year)">
          <\(p)Table ss:ExpandedColumnCount="7" ss:ExpandedRowCount="999999" x:FullColumns="1" x:FullRows="1">
           <\(p)Column ss:Width="60"/>
           <\(p)Column ss:Width="48" ss:Span="4"/>
           <\(p)Row>
            <\(p)Cell ss:MergeAcross="6"><\(p)Data ss:Type="String">客户档案（\(year)年）</\(p)Data></\(p)Cell>
           </\(p)Row>
           <\(p)Row ss:Index="3">
            <\(p)Cell><\(p)Data ss:Type="String">会员号</\(p)Data></\(p)Cell>
            <\(p)Cell><\(p)Data ss:Type="String">姓名</\(p)Data></\(p)Cell>
            <\(p)Cell><\(p)Data ss:Type="String">手机</\(p)Data></\(p)Cell>
            <\(p)Cell><\(p)Data ss:Type="String">生日</\(p)Data></\(p)Cell>
            <\(p)Cell><\(p)Data ss:Type="String">消费金额</\(p)Data></\(p)Cell>
            <\(p)Cell ss:MergeAcross="1"><\(p)Data ss:Type="String">备注</\(p)Data></\(p)Cell>
           </\(p)Row>
           <\(p)Row>
            <\(p)Cell><\(p)Data ss:Type="String">V\(year)01</\(p)Data></\(p)Cell>
            <\(p)Cell><\(p)Data ss:Type="String">张伟</\(p)Data></\(p)Cell>
            <\(p)Cell><\(p)Data ss:Type="Number">13800138000</\(p)Data></\(p)Cell>
            <\(p)Cell><\(p)Data ss:Type="DateTime">1990-03-05T00:00:00.000</\(p)Data></\(p)Cell>
            <\(p)Cell><\(p)Data ss:Type="Number">1280.5</\(p)Data></\(p)Cell>
            <\(p)Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>过敏</B>：对染发剂<Font html:Color="#FF0000">过敏</Font><BR/>喜欢周末&#10;下午</ss:Data></\(p)Cell>
           </\(p)Row>
           <\(p)Row ss:Index="6">
            <\(p)Cell><\(p)Data ss:Type="String">V\(year)02</\(p)Data></\(p)Cell>
            <\(p)Cell ss:MergeDown="1"><\(p)Data ss:Type="String">李娜</\(p)Data></\(p)Cell>
            <\(p)Cell ss:Index="5"><\(p)Data ss:Type="Number">0</\(p)Data></\(p)Cell>
           </\(p)Row>
           <\(p)Row>
            <\(p)Cell><\(p)Data ss:Type="String">V\(year)03</\(p)Data></\(p)Cell>
            <\(p)Cell ss:Index="3"><\(p)Data ss:Type="String">139 0013 9000</\(p)Data></\(p)Cell>
            <\(p)Cell ss:Index="6"><\(p)Data ss:Type="Boolean">1</\(p)Data></\(p)Cell>
           </\(p)Row>
           <\(p)Row><\(p)Cell ss:StyleID="s1"/><\(p)Cell/></\(p)Row>
           <\(p)Row>
            <\(p)Cell><\(p)Data ss:Type="String">V\(year)04</\(p)Data></\(p)Cell>
            <\(p)Cell ss:Index="9"><\(p)Data ss:Type="String">多出来的</\(p)Data></\(p)Cell>
           </\(p)Row>
          </\(p)Table>
         </\(p)Worksheet>
        """
    }

    private func makeCustomerBook() throws -> String {
        let empty = #" <Worksheet ss:Name="说明"><Table/></Worksheet>"#
        return try Support.write(
            Support.workbook(customerSheet(year: 2022) + "\n" + empty + "\n" + customerSheet(year: 2023, prefix: "ss:")),
            name: "客户档案.xml")
    }

    private let columns = ["会员号", "姓名", "手机", "生日", "消费金额", "备注", "G"]

    @Test("customer workbook: every yearly sheet, header below the title, cells as written")
    func customerRecords() throws {
        let path = try makeCustomerBook()
        let events = try Support.readAll(path)
        #expect(events.records.count == 6)
        #expect(events.records.map { $0.provenance.sheet ?? "" } == ["2022", "2022", "2022", "2023", "2023", "2023"])
        #expect(events.records.map(\.provenance.line) == [4, 6, 7, 4, 6, 7])
        #expect(events.records.map(\.provenance.recordIndex) == [1, 2, 3, 5, 6, 7])
        #expect(events.records.allSatisfy { $0.schema.columns == columns && $0.provenance.byteOffset == nil })

        let first = events.records[0]
        #expect(first.values == [
            "V202201", "张伟", "13800138000", "1990-03-05T00:00:00.000", "1280.5", "过敏：对染发剂过敏\n喜欢周末\n下午", "",
        ])
        #expect(first["手机"] == "13800138000")
        #expect(first.originalText == "V202201\t张伟\t13800138000\t1990-03-05T00:00:00.000\t1280.5\t过敏：对染发剂过敏\n喜欢周末\n下午")
        #expect(first.provenance.location == "\(path)[2022]:4")
        // 李娜 is merged down over row 7: row 7's 姓名 reads "" rather than a copy.
        #expect(events.records[1].values == ["V202202", "李娜", "", "", "0", "", ""])
        #expect(events.records[2].values == ["V202203", "", "139 0013 9000", "", "", "1", ""])
        #expect(events.records[3].values[0] == "V202301")
        #expect(events.records[3].values[5] == "过敏：对染发剂过敏\n喜欢周末\n下午")
    }

    @Test("customer workbook: extra cells rejected, merges warned per area")
    func customerRejectsAndWarnings() throws {
        let events = try Support.readAll(try makeCustomerBook())
        #expect(events.rejects.map(\.code) == [.xmlExtraCells, .xmlExtraCells])
        #expect(events.rejects.map(\.provenance.line) == [9, 9])
        #expect(events.rejects.map { $0.provenance.sheet ?? "" } == ["2022", "2023"])
        #expect(events.rejects[0].originalText == "V202204\t\t\t\t\t\t\t\t多出来的")
        #expect(events.rejects[0].message.contains("I9"))
        let ranges = events.warnings.filter { $0.provenance.sheet == "2022" }.map(\.message)
        #expect(events.warnings.allSatisfy { $0.code == .xmlMergedCells })
        #expect(ranges.count == 3)
        #expect(ranges[0].contains("A1:G1") && ranges[1].contains("F3:G3") && ranges[2].contains("B6:B7"))
    }

    @Test("customer workbook: sheets chosen by name or position; header row override")
    func customerSelection() throws {
        let path = try makeCustomerBook()
        #expect(try Support.readAll(path, sheets: ["2023"]).records.map { $0.provenance.sheet ?? "" } == ["2023", "2023", "2023"])
        #expect(try Support.readAll(path, sheets: ["1"]).records.map { $0.provenance.sheet ?? "" } == ["2022", "2022", "2022"])
        let overridden = try Support.readAll(path, sheets: ["2022"], headerRow: 3)
        #expect(overridden.records.map(\.values) == (try Support.readAll(path, sheets: ["2022"])).records.map(\.values))
        // Row 2 is empty: data below it would be read under no names.
        #expect(throws: SalonError.self) { _ = try Support.readAll(path, headerRow: 2) }
    }

    @Test("customer workbook: sniff reports each non-empty sheet's layout")
    func customerSniff() throws {
        let path = try makeCustomerBook()
        #expect(SpreadsheetMLSniffer.isSpreadsheetML(path: path))
        let layout = try SpreadsheetMLSniffer.sniff(path: path, options: .init(sourceID: "t"))
        #expect(layout.sheets.map(\.name) == ["2022", "2023"])  // 说明 is empty
        #expect(layout.sheets.allSatisfy { $0.headerRow == 3 && $0.columns == columns })
        #expect(layout.sheets[0].sampleRows.count == 4)
        #expect(layout.sheets[0].sampleRows[0][2] == "13800138000")
    }

    @Test("customer workbook: the locator re-reads a record's row")
    func customerLocator() throws {
        let path = try makeCustomerBook()
        let record = try #require(try Support.readAll(path, sheets: ["2023"]).records.first)
        let row = try #require(
            try SpreadsheetMLRecordLocator.readRow(path: path, sheet: "2023", row: record.provenance.line))
        #expect(row == Array(record.values.prefix(row.count)))
        #expect(try SpreadsheetMLRecordLocator.readRow(path: path, sheet: "2023", row: 5) == nil)
    }

    @Test("bytesRead reaches the file size")
    func bytesRead() throws {
        let path = try makeCustomerBook()
        let reader = try SpreadsheetMLRecordReader(path: path, options: .init(sourceID: "t"))
        #expect(reader.bytesRead == 0)
        while try reader.next() != nil {}
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(reader.bytesRead == Int64(size ?? -1))
    }

    @Test("a file that breaks mid-way keeps the rows before the error")
    func malformedTail() throws {
        let rows = (0..<60).map { index in
            #"   <Row><Cell><Data ss:Type="String">客户\#(index)</Data></Cell>"#
                + #"<Cell><Data ss:Type="Number">\#(13_900_000_000 + index)</Data></Cell></Row>"#
        }
        let book = Support.workbook(
            """
             <Worksheet ss:Name="客户">
              <Table>
               <Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">手机</Data></Cell></Row>
            \(rows.joined(separator: "\n"))
               <Row><Cell><Data ss:Type="String">陈静</Data></Cell></Cel>
            """)
        let brokenLine = book.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("</Cel>") }! + 1
        let events = try Support.readAll(try Support.write(book))
        // Every row completed before the broken one is a record, however the parser's input chunks
        // fall.
        #expect(events.records.count == 60)
        for (index, record) in events.records.enumerated() {
            #expect(record.values == ["客户\(index)", String(13_900_000_000 + index)])
        }
        #expect(events.rejects.map(\.code) == [.xmlMalformed])
        #expect(events.rejects[0].provenance.line == brokenLine)
        #expect(events.rejects[0].provenance.sheet == "客户")
        #expect(events.rejects[0].message.contains("line \(brokenLine)"))
    }

    @Test("character and entity references, CDATA and an escaped sheet name read as their text")
    func references() throws {
        let path = try Support.write(
            Support.workbook(
                """
                 <Worksheet ss:Name="A &amp; B &lt;1&gt; &#38;&#x4e2d;">
                  <Table>
                   <Row><Cell><Data ss:Type="String">备注</Data></Cell></Row>
                   <Row><Cell><Data ss:Type="String">x &amp; y&#10;&lt;z&gt; <![CDATA[c&amp;d <e>]]> &#x4e2d;&quot;</Data></Cell></Row>
                  </Table>
                 </Worksheet>
                """))
        let events = try Support.readAll(path)
        #expect(events.records.map(\.values) == [["x & y\n<z> c&amp;d <e> 中\""]])
        #expect(events.records.first?.provenance.sheet == "A & B <1> &中")
        #expect(try SpreadsheetMLRecordLocator.readRow(path: path, sheet: "A & B <1> &中", row: 2) == ["x & y\n<z> c&amp;d <e> 中\""])
    }

    @Test("sheets over the producer's four batches: a skipped sheet's rows are never handed on, and an early stop ends the reading")
    func largeSheets() throws {
        let sheets = (1...3).map { sheet in
            let rows = (1...1_500).map { row in
                #"   <Row><Cell><Data ss:Type="String">S\#(sheet)-\#(row)</Data></Cell><Cell><Data ss:Type="Number">\#(row)</Data></Cell></Row>"#
            }
            return """
                 <Worksheet ss:Name="表\(sheet)">
                  <Table>
                   <Row><Cell><Data ss:Type="String">编号</Data></Cell><Cell><Data ss:Type="String">序号</Data></Cell></Row>
                \(rows.joined(separator: "\n"))
                  </Table>
                 </Worksheet>
                """
        }
        let path = try Support.write(Support.workbook(sheets.joined(separator: "\n")))
        let second = try Support.readAll(path, sheets: ["2"])
        #expect(second.records.count == 1_500)
        #expect(second.records.first?.values == ["S2-1", "1"])
        #expect(second.records.first?.provenance.line == 2)
        #expect(second.records.last?.values == ["S2-1500", "1500"])
        #expect(second.records.allSatisfy { $0.provenance.sheet == "表2" })
        #expect(try Support.readAll(path, sheets: ["表3", "表1"]).records.map(\.values.first!).filter { $0.hasSuffix("-2") } == ["S1-2", "S3-2"])
        // The locator stops at its row while the producer is far ahead (or blocked on a full ring).
        #expect(try SpreadsheetMLRecordLocator.readRow(path: path, sheet: "表1", row: 10) == ["S1-9", "9"])
        #expect(try SpreadsheetMLRecordLocator.readRows(path: path, sheet: "表3", rows: [5, 1_400]) == [5: ["S3-4", "4"], 1_400: ["S3-1399", "1399"]])
        let layout = try SpreadsheetMLSniffer.sniff(path: path, options: .init(sourceID: "t"))
        #expect(layout.sheets.map(\.name) == ["表1", "表2", "表3"])
    }

    @Test("a merge or index past 16384 columns rejects the row without allocating for it")
    func columnLimit() throws {
        let path = try Support.write(
            Support.workbook(
                """
                 <Worksheet ss:Name="S">
                  <Table ss:ExpandedColumnCount="999999999">
                   <Row><Cell><Data ss:Type="String">姓名</Data></Cell></Row>
                   <Row><Cell ss:MergeAcross="20000"><Data ss:Type="String">宽</Data></Cell></Row>
                   <Row><Cell ss:Index="abc"><Data ss:Type="String">坏</Data></Cell></Row>
                   <Row><Cell ss:Index="3"><Data ss:Type="String">c</Data></Cell><Cell ss:Index="2"><Data ss:Type="String">b</Data></Cell></Row>
                   <Row ss:Index="99999999999999"><Cell><Data ss:Type="String">远</Data></Cell></Row>
                  </Table>
                 </Worksheet>
                """))
        let events = try Support.readAll(path)
        #expect(events.rejects.map(\.code) == [.xmlIndexOutOfRange, .xmlIndexOutOfRange, .xmlIndexOutOfRange])
        #expect(events.rejects.map(\.originalText) == ["宽", "坏", "c\tb"])
        #expect(events.records.map(\.values) == [["远"]])
    }

    @Test("elements nested past 256 levels refuse the document; a cell over 1 MiB rejects only its row")
    func nestingAndCellLimits() throws {
        func book(_ cells: [String]) -> String {
            Support.workbook(
                #" <Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">备注</Data></Cell></Row>"#
                    + cells.map { #"<Row><Cell><Data ss:Type="String">\#($0)</Data></Cell></Row>"# }.joined()
                    + "</Table></Worksheet>")
        }
        let deep = String(repeating: "<B>", count: 300) + "深" + String(repeating: "</B>", count: 300)
        let refused = try Support.readAll(try Support.write(book(["浅", deep])))
        #expect(refused.records.map(\.values) == [["浅"]])
        #expect(refused.rejects.map(\.code) == [.xmlMalformed])
        #expect(refused.rejects.first?.message.contains("256") == true)

        // 1.2 MB of UTF-8 in one cell: the row is rejected, the rows around it are read.
        let long = String(repeating: "长", count: 400_000)
        let events = try Support.readAll(try Support.write(book(["前", long, "后"])))
        #expect(events.records.map(\.values) == [["前"], ["后"]])
        #expect(events.rejects.map(\.code) == [.xmlCellTooLong])
        #expect(events.rejects.first?.provenance.line == 3)
    }

    @Test("billion laughs is refused quickly and never expanded")
    func billionLaughs() throws {
        var entities = #"<!ENTITY lol0 "lol">"#
        for level in 1...9 {
            entities += "\n <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let path = try Support.write(
            """
            <?xml version="1.0"?>
            <!DOCTYPE Workbook [
             \(entities)
            ]>
            """ + Support.workbook(#"<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">&lol9;</Data></Cell></Row></Table></Worksheet>"#)
                .split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n"))
        let started = ContinuousClock.now
        let events = try Support.readAll(path, headerRow: 1)
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(events.rejects.map(\.code) == [.xmlDoctypeForbidden])
        #expect(events.records.isEmpty)
        #expect(!events.allText.contains("lollol"))
    }

    @Test("an external entity is refused and the file it names is never read")
    func externalEntity() throws {
        let secret = try Support.write("SECRET-客户名单", name: "secret.txt")
        let path = try Support.write(
            """
            <?xml version="1.0"?>
            <!DOCTYPE Workbook [ <!ENTITY xxe SYSTEM "file://\(secret)"> ]>
            <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
             <Worksheet ss:Name="S"><Table>
              <Row><Cell><Data ss:Type="String">备注</Data></Cell></Row>
              <Row><Cell><Data ss:Type="String">&xxe;</Data></Cell></Row>
             </Table></Worksheet>
            </Workbook>
            """)
        let events = try Support.readAll(path)
        #expect(events.rejects.map(\.code) == [.xmlDoctypeForbidden])
        #expect(events.records.isEmpty)
        #expect(!events.allText.contains("SECRET"))
        #expect(throws: SalonError.self) { _ = try SpreadsheetMLRecordLocator.readRow(path: path, sheet: "S", row: 2) }
    }

    @Test("a missing file is an I/O error, not a reject")
    func missingFile() {
        #expect(throws: SalonError.self) {
            _ = try SpreadsheetMLRecordReader(path: "/nonexistent/客户档案.xml", options: .init(sourceID: "t"))
        }
        #expect(!SpreadsheetMLSniffer.isSpreadsheetML(path: "/nonexistent/客户档案.xml"))
    }
}
