import Foundation
import SalonReaders
import Testing

/// Conformance with ../shared/corpus/spreadsheetml-2003 (files and expected.json from
/// PhpSpreadsheet). Where PhpSpreadsheet types values (DateTime as an Excel serial, formulas as
/// A1), we assert our by-design behaviour instead: every cell keeps the text the file holds, and a
/// formula cell reads as its cached value.
@Suite("SpreadsheetML corpus")
struct SpreadsheetMLCorpusTests {
    typealias Support = SpreadsheetMLTestSupport

    private func cell(_ file: String, sheet: String, _ row: Int, _ column: Int) throws -> String? {
        guard let values = try SpreadsheetMLRecordLocator.readRow(path: Support.corpusPath(file), sheet: sheet, row: row)
        else { return nil }
        return column <= values.count ? values[column - 1] : ""
    }

    private func sheetNames(_ file: String) throws -> [String] {
        try SpreadsheetMLSniffer.sniff(path: Support.corpusPath(file), options: .init(sourceID: "t")).sheets.map(\.name)
    }

    @Test("excel2003.xml: sheet names and the cells upstream asserts")
    func excel2003Cells() throws {
        let file = "excel2003.xml"
        #expect(try sheetNames(file) == ["Sample Data", "Report Data"])
        #expect(try cell(file, sheet: "Sample Data", 1, 1) == "Test String 1")  // A1; its comment is not cell text
        #expect(try cell(file, sheet: "Sample Data", 4, 1) == "Test with (\") in string")  // A4
        // A10, A13, A15: PhpSpreadsheet returns serials (22269 ...); we keep the DateTime text.
        #expect(try cell(file, sheet: "Sample Data", 10, 1) == "1960-12-19T00:00:00.000")
        #expect(try cell(file, sheet: "Sample Data", 13, 1) == "1899-12-31T02:30:00.000")
        #expect(try cell(file, sheet: "Sample Data", 15, 1) == "1960-12-19T01:30:00.000")
        #expect(try cell(file, sheet: "Sample Data", 11, 1) == "1.5")  // A11, Number as written
        // H1, J2, I5: formulas are not evaluated or translated; the cached value is the cell text.
        #expect(try cell(file, sheet: "Sample Data", 1, 8) == "6")
        #expect(try cell(file, sheet: "Sample Data", 2, 10) == "BF")
        #expect(try cell(file, sheet: "Sample Data", 5, 9) == "26")
        #expect(try cell(file, sheet: "Sample Data", 21, 1) == "PhpSpreadsheet")  // A21 (hyperlink dropped)
        #expect(try cell(file, sheet: "Sample Data", 11, 7) == "#DIV/0!")  // G11, ss:Type Error
        #expect(try cell(file, sheet: "Sample Data", 6, 3) == "1")  // C6, Boolean kept as "1"
        #expect(try cell(file, sheet: "Sample Data", 13, 6) == "Мойва сушеная")
        #expect(try cell(file, sheet: "Sample Data", 14, 6) == "Ärendetext")
        #expect(try cell(file, sheet: "Sample Data", 15, 6) == "Højde")
        // Row 19 starts with ss:Index="7" to jump over B18's MergeDown: B19 and C19 read as "".
        #expect(try SpreadsheetMLRecordLocator.readRow(path: Support.corpusPath(file), sheet: "Sample Data", row: 19)
            == ["", "", "", "", "", "", "", "Test Column 2", "", "", "Patterned", "Patterned 2"])
        #expect(try cell(file, sheet: "Report Data", 4, 1) == "BCD")  // A4
        #expect(try cell(file, sheet: "Report Data", 2, 3) == "Third Heading")  // C2
        #expect(try cell(file, sheet: "2", 2, 3) == "Third Heading")  // by position
        #expect(try SpreadsheetMLRecordLocator.readRow(path: Support.corpusPath(file), sheet: "Sample Data", row: 17) == nil)
        #expect(try SpreadsheetMLRecordLocator.readRow(path: Support.corpusPath(file), sheet: "No Such", row: 1) == nil)
    }

    @Test("excel2003.xml: one warning per merged range of Sample Data")
    func excel2003Merges() throws {
        let events = try Support.readAll(Support.corpusPath("excel2003.xml"), sheets: ["Sample Data"])
        #expect(events.warnings.allSatisfy { $0.code == .xmlMergedCells && $0.provenance.sheet == "Sample Data" })
        let ranges = events.warnings.compactMap { warning -> String? in
            guard let range = warning.message.split(separator: " ").dropFirst(2).first else { return nil }
            return String(range.dropLast())
        }
        #expect(ranges == ["B18:C19", "C22:D26", "E22:F26", "G22:H26", "I22:J26", "A28:C28", "A29:C29"])
        #expect(events.records.allSatisfy { $0.provenance.sheet == "Sample Data" })
    }

    @Test("excel2003.xml Report Data: header in row 2, rows with cells beyond it are rejected")
    func excel2003ReportData() throws {
        let path = Support.corpusPath("excel2003.xml")
        let layout = try SpreadsheetMLSniffer.sniff(path: path, options: .init(sourceID: "t", sheets: ["Report Data"]))
        #expect(layout.sheets.count == 1)
        #expect(layout.sheets[0].headerRow == 2)
        #expect(layout.sheets[0].columns == [
            "Heading 1", "Heading 2", "Third Heading", "Date Heading", "Time Heading", "F", "Adjusted Date",
            "Adjusted Number",
        ])
        #expect(layout.sheets[0].sampleRows.first?.prefix(4) == ["ABC", "1", "1.1100000000000001", "2001-01-01T00:00:00.000"])

        let events = try Support.readAll(path, sheets: ["Report Data"])
        // Columns J and K hold data under no header: the rows go to rejects instead of losing them.
        #expect(events.records.isEmpty)
        #expect(events.rejects.map(\.provenance.line) == Array(3...15))
        #expect(events.rejects.allSatisfy { $0.code == .xmlExtraCells && $0.provenance.sheet == "Report Data" })
        #expect(events.rejects[1].originalText.hasPrefix("BCD\t2\t2.2200000000000002\t2002-02-02T00:00:00.000"))
        #expect(events.rejects[1].originalText.hasSuffix("\tB\t2B"))
    }

    @Test("excel2003.xml: selecting a sheet that does not exist is a configuration error")
    func excel2003MissingSheet() throws {
        #expect(throws: SalonError.self) {
            _ = try Support.readAll(Support.corpusPath("excel2003.xml"), sheets: ["Sheet9"])
        }
    }

    @Test("excel2003.short.bad.xml: Excel refuses it, we read it (Column ss:Span, comment ignored)")
    func shortBad() throws {
        let file = "excel2003.short.bad.xml"
        #expect(try sheetNames(file) == ["Sample Data"])
        #expect(try SpreadsheetMLRecordLocator.readRow(path: Support.corpusPath(file), sheet: "Sample Data", row: 8)
            == ["Test String 1", "1", "12", "11", "1960-12-19T00:00:00.000"])
        #expect(try SpreadsheetMLSniffer.sniff(path: Support.corpusPath(file), options: .init(sourceID: "t")).sheets[0].headerRow == 8)
    }

    @Test("from-tests/excel2003.iso8859-1.xml: the declared encoding is honoured")
    func iso88591() throws {
        let file = "from-tests/excel2003.iso8859-1.xml"
        #expect(try cell(file, sheet: "Sheet1", 1, 1) == "Voilà")
        #expect(try cell(file, sheet: "Sheet1", 2, 1) == "PhpSpreadsheet")
    }

    @Test("from-tests/bug4669.xml: no mso-application PI, whitespace around Data")
    func bug4669() throws {
        let path = Support.corpusPath("from-tests/bug4669.xml")
        #expect(SpreadsheetMLSniffer.isSpreadsheetML(path: path))
        let layout = try SpreadsheetMLSniffer.sniff(path: path, options: .init(sourceID: "t"))
        #expect(layout.sheets.map(\.name) == ["stats by transaction_notes"])
        #expect(layout.sheets[0].columns.first == "Report Date")
        #expect(layout.sheets[0].columns.count == 21)
        let events = try Support.readAll(path)
        #expect(events.records.isEmpty && events.rejects.isEmpty)  // a header and nothing else
    }

    @Test("from-tests/issue.2157.small.xml: not well-formed, refused at line 1")
    func issue2157() throws {
        // PhpSpreadsheet pre-decodes HTML entities (&Tau;) and tolerates text before <?xml; a strict
        // XML parser must not.
        let path = Support.corpusPath("from-tests/issue.2157.small.xml")
        #expect(!SpreadsheetMLSniffer.isSpreadsheetML(path: path))
        let events = try Support.readAll(path)
        #expect(events.records.isEmpty)
        #expect(events.rejects.map(\.code) == [.xmlMalformed])
        #expect(events.rejects.first?.provenance.line == 1)
    }

    @Test("from-tests/CorruptedXmlFile.xml: malformed, with the line libxml2 reports")
    func corrupted() throws {
        let path = Support.corpusPath("from-tests/CorruptedXmlFile.xml")
        let events = try Support.readAll(path)
        #expect(events.records.isEmpty)
        #expect(events.rejects.map(\.code) == [.xmlMalformed])
        #expect(events.rejects.first?.provenance.line == 8)
        #expect(events.rejects.first?.message.contains("line 8") == true)
        #expect(throws: SalonError.self) { _ = try SpreadsheetMLSniffer.sniff(path: path, options: .init(sourceID: "t")) }
    }

    @Test("from-tests/x5j6.row-index-huge.xml: a row index of 999999999 only moves the counter")
    func rowIndexHuge() throws {
        let path = Support.corpusPath("from-tests/x5j6.row-index-huge.xml")
        #expect(try cell("from-tests/x5j6.row-index-huge.xml", sheet: "Sheet1", 1, 1) == "test1")
        #expect(try cell("from-tests/x5j6.row-index-huge.xml", sheet: "Sheet1", 3, 1) == "test3")
        #expect(try SpreadsheetMLRecordLocator.readRow(path: path, sheet: "Sheet1", row: 999_999_999) == nil)
        let events = try Support.readAll(path, headerRow: 1)
        #expect(events.records.map(\.values) == [["test3"]])
        #expect(events.records.map(\.provenance.line) == [3])  // highest row with data: 3
        #expect(events.rejects.isEmpty)
    }

    @Test("from-tests/x5j6.b.cell-index-huge.xml: a cell index of 999999999 rejects its row")
    func cellIndexHuge() throws {
        // Upstream throws "Invalid column index" for the whole file; we reject the one row.
        let events = try Support.readAll(Support.corpusPath("from-tests/x5j6.b.cell-index-huge.xml"), headerRow: 1)
        #expect(events.records.isEmpty)
        #expect(events.rejects.map(\.code) == [.xmlIndexOutOfRange])
        #expect(events.rejects.first?.provenance.line == 3)
        #expect(events.rejects.first?.originalText == "test3")
        #expect(events.rejects.first?.message.contains("999999999") == true)
    }

    @Test(
        "inline-from-php-tests: rich text, column span, prefixes and index gaps",
        arguments: [
            ("richtext-break-tag.xml", "Test", 1, ["italicbold\nsecond line"]),
            ("richtext-font-color-newline.xml", "Test", 1, ["italicbold\nsecond line"]),
            ("column-span.xml", "Tabelle1", 1, ["wide", "thin", "thin", "thin", "thin", "normal"]),
            ("row-index-8-ss-prefixed-worksheet.xml", "Sample Data", 8, ["Test String 1"]),
            ("ss-prefixed-styles-row2-cell2.xml", "Test", 2, ["", "TEST"]),
            ("empty-rows-index-gaps-pagebreaks.xml", "Test", 2, ["", "TEST", "", "", "Vertical"]),
            ("empty-rows-index-gaps-pagebreaks.xml", "Test", 4, ["", "New Page", "", "", "Last"]),
        ])
    func inlineRows(file: String, sheet: String, row: Int, expected: [String]) throws {
        let path = Support.corpusPath("inline-from-php-tests/" + file)
        #expect(SpreadsheetMLSniffer.isSpreadsheetML(path: path))
        #expect(try sheetNames("inline-from-php-tests/" + file) == [sheet])
        #expect(try SpreadsheetMLRecordLocator.readRow(path: path, sheet: sheet, row: row) == expected)
    }

    @Test("inline-from-php-tests: empty self-closing rows still advance the row counter")
    func emptyRowsAdvance() throws {
        let path = Support.corpusPath("inline-from-php-tests/empty-rows-index-gaps-pagebreaks.xml")
        #expect(try SpreadsheetMLRecordLocator.readRow(path: path, sheet: "Test", row: 1) == nil)
        #expect(try SpreadsheetMLRecordLocator.readRow(path: path, sheet: "Test", row: 3) == nil)
        let events = try Support.readAll(path)
        #expect(events.records.count == 1)
        #expect(events.records.first?.schema.columns == ["A", "TEST", "C", "D", "Vertical"])
        #expect(events.records.first?.values == ["", "New Page", "", "", "Last"])
        #expect(events.records.first?.provenance.line == 4)
        #expect(events.records.first?.originalText == "\tNew Page\t\t\tLast")
    }

    @Test(
        "security: DOCTYPE / entity files are rejected whole and nothing is expanded",
        arguments: ["XEETestInvalidUTF-8.xml", "XEETestInvalidUTF-16LE.xml", "XEETestInvalidUTF-7.xml"])
    func xxeRejected(file: String) throws {
        let path = Support.corpusPath("security/" + file)
        #expect(!SpreadsheetMLSniffer.isSpreadsheetML(path: path))
        let events = try Support.readAll(path)
        #expect(events.records.isEmpty && events.warnings.isEmpty)
        #expect(events.rejects.count == 1)
        // UTF-8 and UTF-16LE reach the DOCTYPE; UTF-7 may fail in its declarations first.
        let allowed: Set<ReasonCode> = file.contains("UTF-7") ? [.xmlDoctypeForbidden, .xmlMalformed] : [.xmlDoctypeForbidden]
        #expect(allowed.contains(events.rejects[0].code))
        #expect(!events.allText.contains("DoS"))
        #expect(throws: SalonError.self) { _ = try SpreadsheetMLSniffer.sniff(path: path, options: .init(sourceID: "t")) }
    }

    @Test(
        "security: well-formed files without DOCTYPE parse, but a <root> is not a workbook",
        arguments: ["XEETestValidUTF-8.xml", "XEETestValidUTF-16LE.xml"])
    func validNonWorkbook(file: String) throws {
        let path = Support.corpusPath("security/" + file)
        #expect(!SpreadsheetMLSniffer.isSpreadsheetML(path: path))
        do {
            _ = try Support.readAll(path)
            Issue.record("a non-workbook document must not be read as records")
        } catch let error as SalonError {
            #expect(error.code == .unsupported)
        }
    }
}
