import Foundation
import SalonReaders
import Testing

@Suite struct XLSXRecordReaderTests {
    typealias Support = XLSXTestSupport

    @Test func theCD05SampleReadsBothSheetsBelowTheirHeaders() throws {
        let path = Support.packageRoot.appendingPathComponent("samples/CD05/客户资料.xlsx").path
        let events = try Support.events(path, options: XLSXReadOptions(sourceID: "cd05"))
        let records = Support.records(events)
        #expect(records.map(\.provenance.recordKey) == [
            "客户资料!3", "客户资料!4", "客户资料!5", "客户资料!6", "客户资料!8", "客户资料!10", "三月新客!2", "三月新客!3",
        ])
        #expect(records[0].schema.columns == ["姓名", "手机", "性别", "生日", "储值余额", "备注"])
        #expect(records[0].values == ["周晓燕", "13800138050", "女", "1992-05-14", "500", "喜欢烫发，每季度护理"])
        // Inline string, rich text runs joined, a 年月日 custom date format, a gap cell, a formula result.
        #expect(records[1].values[5] == "出差来成都时到店")
        #expect(records[2].values == ["吴先生", "13900139051", "男", "", "0", "头皮敏感，洗护用温和款"])
        #expect(records[3].values == ["黄丽", "13800138052", "女", "1995-11-02", "1280", ""])
        #expect(records[5].values == ["杨洋", "13800138055", "", "2000-02-29", "", "新客"])
        // Record numbers count the rejected row too, as for SpreadsheetML.
        #expect(records.map(\.provenance.recordIndex) == [1, 2, 3, 4, 5, 7, 8, 9])
        let rejects = Support.rejects(events)
        #expect(rejects.map(\.code) == [.xmlExtraCells])
        #expect(rejects[0].provenance.recordKey == "客户资料!9")
        #expect(rejects[0].originalText == "马小芳\t13800138054\t女\t1990-07-07\t200\t\t\t多出来的一列")
    }

    @Test func eachCellTypeReadsAsItsText() throws {
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>类型</t></is></c><c r="C1" t="s"><v>1</v></c>\
            <c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c><c r="F1" t="s"><v>4</v></c></row>\
            <row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="inlineStr"><is><r><t>王</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 小红</t></r><rPh sb="0" eb="1"><t>ワン</t></rPh></is></c>\
            <c r="C2"><v>13800138000</v></c><c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#N/A</v></c>\
            <c r="F2" t="str"><f>A2&amp;"x"</f><v>公式结果</v></c></row>
            """
        let path = try Support.workbook(
            sheets: [("客户", rows)],
            sharedStrings: [
                "<si><t>姓名</t></si>", "<si><t>手机</t></si>", "<si><t>会员</t></si>", "<si><t>电话</t></si>",
                "<si><t>公式</t></si>", "<si><r><t>张</t></r><r><t>三</t></r><rPh><t>チャン</t></rPh></si>",
            ])
        let records = Support.records(try Support.events(path))
        #expect(records.count == 1)
        #expect(records[0].schema.columns == ["姓名", "类型", "手机", "会员", "电话", "公式"])
        #expect(records[0].values == ["张三", "王 小红", "13800138000", "1", "#N/A", "公式结果"])
    }

    @Test func datesFollowTheCellFormatAndTheDateSystem() throws {
        // Styles: 0 general, 1 built-in 14, 2 custom with quoted text, 3 a number format whose "d"
        // only appears in quotes (not a date), 4 the Chinese built-in 31, 5 date and time.
        let rows = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c>\
            <c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c>\
            <c r="E1" t="inlineStr"><is><t>e</t></is></c><c r="F1" t="inlineStr"><is><t>f</t></is></c></row>\
            <row r="2"><c r="A2"><v>32937</v></c><c r="B2" s="1"><v>32937</v></c><c r="C2" s="2"><v>32937</v></c>\
            <c r="D2" s="3"><v>32937</v></c><c r="E2" s="4"><v>61</v></c><c r="F2" s="5"><v>32937.75</v></c></row>
            """
        let formats = [0, 14, 176, 177, 31, 22]
        let custom = [176: "yyyy\"年\"m\"月\"d\"日\"", 177: "0.00\"day\";[Red]-0.00"]
        let path1900 = try Support.workbook(sheets: [("S", rows)], cellFormats: formats, customFormats: custom)
        #expect(Support.records(try Support.events(path1900))[0].values == [
            "32937", "1990-03-05", "1990-03-05", "32937", "1900-03-01", "1990-03-05T18:00:00",
        ])
        let path1904 = try Support.workbook(sheets: [("S", rows)], cellFormats: formats, customFormats: custom, date1904: true)
        #expect(Support.records(try Support.events(path1904))[0].values == [
            "32937", "1994-03-06", "1994-03-06", "32937", "1904-03-02", "1994-03-06T18:00:00",
        ])
    }

    @Test func cellAndRowGapsKeepTheirColumnsAndNumbers() throws {
        let rows = """
            <row><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>手机</t></is></c><c t="inlineStr"><is><t>备注</t></is></c></row>\
            <row r="5"><c r="C5" t="inlineStr"><is><t>只有备注</t></is></c></row>\
            <row><c><v>1</v></c><c r="C6"><v>3</v></c></row>\
            <row r="1048576"><c r="A1048576" t="inlineStr"><is><t>末行</t></is></c></row>
            """
        let events = try Support.events(try Support.workbook(sheets: [("S", rows)]))
        let records = Support.records(events)
        #expect(records.map(\.provenance.line) == [5, 6, 1048576])
        #expect(records.map(\.values) == [["", "", "只有备注"], ["1", "", "3"], ["末行", "", ""]])
    }

    @Test func referencesThatGoBackwardsOrPastExcelsLimitsRejectTheirRow() throws {
        let rows = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>\
            <row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v></c></row>\
            <row r="3"><c r="XFE3"><v>1</v></c></row>\
            <row r="4"><c r="A4" t="s"><v>99</v></c></row>\
            <row r="5"><c r="A5" t="inlineStr"><is><t>好</t></is></c></row>
            """
        let events = try Support.events(try Support.workbook(sheets: [("S", rows)]))
        #expect(Support.rejects(events).map(\.code) == [.xmlIndexOutOfRange, .xmlIndexOutOfRange, .xlsxBadSharedString])
        #expect(Support.records(events).map(\.values) == [["好"]])
    }

    @Test func aZipBombIsRefusedOnTheBytesActuallyInflated() throws {
        // 8 MiB of one repeated row deflates to a few dozen KiB: a ratio of hundreds.
        let row = "<row><c t=\"inlineStr\"><is><t>aaaaaaaaaaaaaaaa</t></is></c></row>"
        let rows = String(repeating: row, count: (8 << 20) / row.utf8.count)
        let path = try Support.workbook(sheets: [("S", rows)])
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size < 1 << 20)
        let events = try Support.events(path)
        let rejects = Support.rejects(events)
        #expect(rejects.map(\.code) == [.xlsxZipBomb])
        #expect(rejects[0].provenance.file == path)
        #expect(rejects[0].message.contains("more than 200 times"))
        // The total limit holds even where the ratio would not trip.
        let total = try Support.events(path, options: XLSXReadOptions(
            sourceID: "t", limits: XLSXLimits(maxTotalBytes: 2 << 20, maxCompressionRatio: 1 << 40)))
        #expect(Support.rejects(total).map(\.code) == [.xlsxZipBomb])
        #expect(Support.rejects(total)[0].message.contains("passed 2097152 uncompressed bytes"))
    }

    @Test func filesThatAreNotReadableWorkbooksBecomeOneRejectNamingTheFile() throws {
        let good = try Support.workbook(sheets: [("S", "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>")])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let truncated = try Support.temporaryPath("truncated.xlsx")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: truncated))
        let text = try Support.temporaryPath("report.xlsx")
        try Data("姓名,手机\n张三,13800138000\n".utf8).write(to: URL(fileURLWithPath: text))
        let encrypted = try Support.temporaryPath("locked.xlsx")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)
            + Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })).write(to: URL(fileURLWithPath: encrypted))
        let plainZip = try Support.zip([("readme.txt", Data("hello".utf8))])
        let noSheet = try Support.workbook(sheets: [("S", "")])
        let missingSheet = try Support.zip([("xl/workbook.xml", Data("""
            <workbook xmlns="\(Support.main)" xmlns:r="\(Support.rel)"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>
            """.utf8)), ("xl/_rels/workbook.xml.rels", Data("""
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(Support.rel)/worksheet" Target="worksheets/gone.xml"/></Relationships>
            """.utf8))])
        for (path, code) in [
            (truncated, ReasonCode.xlsxNotAWorkbook), (text, .xlsxNotAWorkbook), (encrypted, .xlsxEncrypted),
            (plainZip, .xlsxNotAWorkbook), (missingSheet, .xlsxMissingPart),
        ] {
            let events = try Support.events(path)
            #expect(events.count == 1, "\(path)")
            let reject = try #require(Support.rejects(events).first)
            #expect(reject.code == code, "\(path): \(reject.message)")
            #expect(reject.provenance.file == path)
            #expect(reject.wholeRecord)
            #expect(throws: SalonError.self) { try XLSXSniffer.sniff(path: path, options: XLSXReadOptions(sourceID: "t")) }
        }
        #expect(try Support.events(noSheet).isEmpty)
        #expect(!XLSXSniffer.isXLSX(path: text) && !XLSXSniffer.isXLSX(path: plainZip) && XLSXSniffer.isXLSX(path: good))
    }

    @Test func aDoctypeInsideTheSheetXMLIsRefusedWhole() throws {
        let sheet = """
            <?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY boom "炸弹炸弹炸弹">]>\
            <worksheet xmlns="\(Support.main)"><sheetData><row r="1"><c t="inlineStr"><is><t>&boom;</t></is></c></row></sheetData></worksheet>
            """
        let withSheet = try Support.workbook(sheets: [("S", "")], sheetXML: [0: sheet])
        let events = try Support.events(withSheet)
        #expect(Support.records(events).isEmpty)
        #expect(Support.rejects(events).map(\.code) == [.xmlDoctypeForbidden])
    }

    @Test func sheetsAreSelectedByNameOrPositionAndSkippedSheetsAreNotRead() throws {
        let header = "<row><c t=\"inlineStr\"><is><t>姓名</t></is></c></row>"
        let path = try Support.workbook(sheets: [
            ("2022", header + "<row><c t=\"inlineStr\"><is><t>甲</t></is></c></row>"),
            ("2023", header + "<row><c t=\"inlineStr\"><is><t>乙</t></is></c></row>"),
            ("坏表", "<row><c t=\"inlineStr\"><is><t>未闭合"),
        ])
        let byName = try Support.events(path, options: XLSXReadOptions(sourceID: "t", sheets: ["2023"]))
        #expect(Support.records(byName).map { $0.provenance.recordKey } == ["2023!2"])
        let byPosition = try Support.events(path, options: XLSXReadOptions(sourceID: "t", sheets: ["1"]))
        #expect(Support.records(byPosition).map { $0.values } == [["甲"]])
        let all = try Support.events(path)
        #expect(Support.records(all).count == 2)
        #expect(Support.rejects(all).map(\.code) == [.xmlMalformed])
        #expect(throws: SalonError.self) { try Support.events(path, options: XLSXReadOptions(sourceID: "t", sheets: ["2024"])) }
        #expect(try XLSXRecordLocator.readRow(path: path, sheet: "2023", row: 2) == ["乙"])
        let layout = try XLSXSniffer.sniff(path: path, options: XLSXReadOptions(sourceID: "t", sheets: ["2022", "2023"]))
        #expect(layout.sheets.map(\.name) == ["2022", "2023"])
    }
}
