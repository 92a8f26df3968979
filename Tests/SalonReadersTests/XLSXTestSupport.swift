import Foundation
import SalonReaders
import ZIPFoundation

/// Builds small xlsx workbooks from XML text with ZIPFoundation, and reads them back as events.
enum XLSXTestSupport {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let packageRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return directory
    }()

    static func temporaryPath(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("salon-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    /// Writes a zip with these entries (deflated) and returns its path.
    static func zip(_ entries: [(String, Data)], name: String = "book.xlsx") throws -> String {
        let path = try temporaryPath(name)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (entryPath, data) in entries {
            try archive.addEntry(
                with: entryPath, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        return path
    }

    /// A workbook whose sheets hold the given <sheetData> contents (or, by index, whole sheet XML).
    static func workbook(
        sheets: [(name: String, rows: String)], sharedStrings: [String] = [], cellFormats: [Int] = [0],
        customFormats: [Int: String] = [:], date1904: Bool = false, sheetXML: [Int: String] = [:]
    ) throws -> String {
        var entries: [(String, Data)] = [
            ("_rels/.rels", Data("""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """.utf8)),
            ("xl/workbook.xml", Data("""
                <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(main)" xmlns:r="\(rel)">\
                <workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\
                \(sheets.enumerated().map { "<sheet name=\"\($1.name)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined())\
                </sheets></workbook>
                """.utf8)),
            ("xl/_rels/workbook.xml.rels", Data("""
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                \(sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined())\
                <Relationship Id="rIdS" Type="\(rel)/sharedStrings" Target="sharedStrings.xml"/>\
                <Relationship Id="rIdY" Type="\(rel)/styles" Target="/xl/styles.xml"/></Relationships>
                """.utf8)),
            ("xl/sharedStrings.xml", Data("""
                <?xml version="1.0" encoding="UTF-8"?><sst xmlns="\(main)">\(sharedStrings.joined())</sst>
                """.utf8)),
            ("xl/styles.xml", Data("""
                <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="\(main)"><numFmts>\
                \(customFormats.map { "<numFmt numFmtId=\"\($0.key)\" formatCode=\"\(escape($0.value))\"/>" }.joined())</numFmts>\
                <cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>\
                <cellXfs>\(cellFormats.map { "<xf numFmtId=\"\($0)\"/>" }.joined())</cellXfs><dxfs><xf numFmtId="14"/></dxfs></styleSheet>
                """.utf8)),
        ]
        for (index, sheet) in sheets.enumerated() {
            entries.append((
                "xl/worksheets/sheet\(index + 1).xml",
                Data((sheetXML[index] ?? """
                    <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\(main)" xmlns:r="\(rel)">\
                    <dimension ref="A1:ZZ99999"/><sheetData>\(sheet.rows)</sheetData></worksheet>
                    """).utf8)))
        }
        return try zip(entries)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// Every event of a read.
    static func events(_ path: String, options: XLSXReadOptions? = nil) throws -> [ReaderEvent] {
        let reader = try XLSXRecordReader(path: path, options: options ?? XLSXReadOptions(sourceID: "t"))
        var events: [ReaderEvent] = []
        while let event = try reader.next() { events.append(event) }
        return events
    }

    static func records(_ events: [ReaderEvent]) -> [Record] {
        events.compactMap { if case .record(let record) = $0 { return record } else { return nil } }
    }

    static func rejects(_ events: [ReaderEvent]) -> [Reject] {
        events.compactMap { if case .reject(let reject) = $0 { return reject } else { return nil } }
    }
}
