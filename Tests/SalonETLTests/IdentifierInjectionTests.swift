import Foundation
import Testing
import SalonStore

/// Store ids, column names and sheet names come from pipeline files and the sources themselves.
/// They reach SQL only as bound values: a name written as SQL is stored as text and the schema
/// stays exactly what the migrations made.
@Suite struct IdentifierInjectionTests {
    static let store = "SH01'); DROP TABLE stores; --"
    static let column = "手机\");DROP TABLE customers;--"
    static let sheet = "客户'); DROP TABLE customers; --"

    /// Writes a CSV and a SpreadsheetML source named with `store`, `column` and `sheet`, and a
    /// pipeline loading both; returns the pipeline's path.
    func makePipeline(in dir: String, store: String, column: String, sheet: String) throws -> String {
        let quotedColumn = "\"" + column.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        try "姓名,\(quotedColumn),备注\n张晓梅,13800138101,=HYPERLINK(\"http://x\")\n李娜,13800138102,\n"
            .write(toFile: "\(dir)/customers.csv", atomically: true, encoding: .utf8)
        let rows = [("姓名", "手机"), ("王芳", "13800138103"), ("赵敏", "13800138104")].map {
            "<Row><Cell><Data ss:Type=\"String\">\($0.0)</Data></Cell><Cell><Data ss:Type=\"String\">\($0.1)</Data></Cell></Row>"
        }.joined()
        let xmlSheet = sheet.replacingOccurrences(of: "'", with: "&apos;")
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
        <Worksheet ss:Name="\(xmlSheet)"><Table>\(rows)</Table></Worksheet>
        </Workbook>
        """.write(toFile: "\(dir)/members.xml", atomically: true, encoding: .utf8)
        func yaml(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let pipeline = """
            name: injection
            target: { sqlite: crm.sqlite }
            workspace: runs
            sources:
              - id: csv-customers
                entity: customers
                store: \(yaml(store))
                read: { format: csv, path: customers.csv }
                columns: { name: 姓名, phone: \(yaml(column)), notes: 备注 }
              - id: xml-members
                entity: customers
                store: \(yaml(store))
                read: { format: spreadsheetml, path: members.xml, sheets: [\(yaml(sheet))] }
                columns: { name: 姓名, phone: 手机 }

            """
        try pipeline.write(toFile: "\(dir)/pipeline.yaml", atomically: true, encoding: .utf8)
        return "\(dir)/pipeline.yaml"
    }

    static func schema(_ db: SQLiteConnection) throws -> [[SQLiteValue]] {
        try db.query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    }

    @Test("a store id, column name and sheet name written as SQL are stored as text; the schema is untouched")
    func namesAreDataNotSQL() throws {
        let hostileDir = try TestSupport.makeDirectory("inject")
        let plainDir = try TestSupport.makeDirectory("plain")
        let hostile = try TestSupport.runCLI(
            ["run", try makePipeline(in: hostileDir, store: Self.store, column: Self.column, sheet: Self.sheet)])
        let plain = try TestSupport.runCLI(["run", try makePipeline(in: plainDir, store: "SH01", column: "手机", sheet: "客户")])
        #expect(hostile.status == 0, "\(hostile.stderr)")
        #expect(plain.status == 0, "\(plain.stderr)")

        let db = try SQLiteConnection(path: "\(hostileDir)/crm.sqlite", readOnly: true)
        let reference = try SQLiteConnection(path: "\(plainDir)/crm.sqlite", readOnly: true)
        #expect(try Self.schema(db) == Self.schema(reference))
        #expect(try db.query("SELECT code FROM stores") == [[.text(Self.store)]])
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customers") == 4)
        #expect(
            try db.scalarInt(
                "SELECT COUNT(*) FROM customers c JOIN stores s ON s.id = c.home_store_id WHERE s.code = ?1", [.text(Self.store)]) == 4)
        #expect(
            try db.query("SELECT record_key FROM customers WHERE source_id = 'xml-members' ORDER BY record_key") == [
                [.text(Self.sheet + "!2")], [.text(Self.sheet + "!3")],
            ])
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customer_phones") == 4)
    }
}
