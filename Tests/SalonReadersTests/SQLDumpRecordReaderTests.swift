import Foundation
import Testing
@testable import SalonReaders

@Suite struct SQLDumpRecordReaderTests {
    typealias Support = CSVTestSupport

    static let samplePath = Support.packageRoot.appendingPathComponent("samples/pos/legacy_pos_sh01.sql").path

    struct Read {
        var events: [ReaderEvent]
        /// `nullColumns` after each record, in record order.
        var nulls: [[Int]]
        var tables: [String: [String]]
        var records: [Record] { events.compactMap { if case .record(let r) = $0 { r } else { nil } } }
        var rejects: [Reject] { events.compactMap { if case .reject(let r) = $0 { r } else { nil } } }
        var warnings: [SalonCore.Warning] { events.compactMap { if case .warning(let w) = $0 { w } else { nil } } }
        func records(of table: String) -> [Record] { records.filter { $0.provenance.sheet == table } }
    }

    static func read(
        _ path: String, tables: [String]? = nil, encoding: TextEncoding? = nil, chunkSize: Int = 1 << 20,
        maxValueBytes: Int = SQLDumpRecordReader.defaultMaxValueBytes, rowTextLimit: Int = SQLDumpRecordReader.defaultRowTextLimit
    ) throws -> Read {
        let reader = try SQLDumpRecordReader(
            path: path, options: SQLDumpReadOptions(sourceID: "dump", tables: tables, encoding: encoding), chunkSize: chunkSize,
            maxValueBytes: maxValueBytes, rowTextLimit: rowTextLimit)
        var events: [ReaderEvent] = []
        var nulls: [[Int]] = []
        while let event = try reader.next() {
            events.append(event)
            if case .record = event { nulls.append(reader.nullColumns) }
        }
        #expect(try reader.next() == nil ? true : false)
        return Read(events: events, nulls: nulls, tables: reader.tables)
    }

    static func makeDump(_ text: String) throws -> String { try Support.makeFile(text, name: "dump.sql") }

    @Test func sampleDumpReadsEveryTableExactly() throws {
        for chunkSize in [1 << 20, 5, 64] {
            let result = try Self.read(Self.samplePath, chunkSize: chunkSize)
            #expect(result.tables == [
                "customers": ["id", "name", "mobile", "birthday", "note"],
                "cards": ["card_no", "customer_id", "balance", "photo"],
                "receipts": ["receipt_no", "store", "paid_at", "amount", "memo"],
            ])
            let customers = result.records(of: "customers")
            #expect(customers.map(\.values) == [
                ["1", "张小红", "13800138001", "1990-03-05", "喜欢自然卷\n不要染发"],
                ["2", "O'Brien 李", "13900139002", "", "说\"老样子\""],
                ["3", "王芳", "13800138003", "1988-12-01", "备注里有反斜杠 C:\\salon\\照片"],
                ["4", "赵 '四'", "13900139004", "", ""],
            ])
            #expect(Array(result.nulls.prefix(4)) == [[], [3], [], [3, 4]])
            #expect(customers.map(\.provenance.line) == [41, 41, 41, 41])
            #expect(customers.map(\.provenance.recordIndex) == [1, 2, 3, 4])
            #expect(customers[0].provenance.recordKey == "customers!41")
            #expect(customers[0].schema.columns == ["id", "name", "mobile", "birthday", "note"])
            #expect(customers[1].originalText == "(2,'O\\'Brien 李','13900139002',NULL,'说\\\"老样子\\\"')")

            #expect(result.records(of: "cards").map(\.values) == [
                ["VIP0001", "1", "1280.50", "GIF89a"],
                ["VIP0003", "3", "-20.00", "0x89504E47"],
                ["VIP0005", "4", "0.00", "\u{0}\u{1A}"],
            ])
            let receipts = result.records(of: "receipts")
            #expect(receipts.map { $0["receipt_no"]! } == ["R20240301001", "R20240301002", "R20240302002"])
            #expect(receipts[0]["memo"] == "微信")
            #expect(receipts[2]["amount"] == "-380.00")
            #expect(result.rejects.map(\.code) == [.sqlColumnCount])
            #expect(result.rejects.first?.provenance.line == 79)
            #expect(result.rejects.first?.provenance.recordIndex == 4)
            #expect(result.rejects.first?.originalText == "('R20240301003','SH01','2024-03-01 14:00:45',378.00)")
            #expect(result.warnings.isEmpty)
        }
    }

    /// A value written to look like the end of the statement stays that value's text; nothing
    /// after it is taken for SQL.
    @Test func sqlInsideAStringIsOnlyText() throws {
        let sample = try Self.read(Self.samplePath, tables: ["receipts"])
        #expect(sample.records(of: "receipts")[1]["memo"] == "\\'); DROP TABLE receipts; --")
        #expect(sample.records.count == 3)

        let dump = """
            CREATE TABLE `t` (`id` int, `v` text);
            INSERT INTO `t` VALUES (1,'''); DROP TABLE x; --'),(2,'\\\\'),(3,'ok');
            INSERT INTO `t` VALUES (4,'/* not a comment */ -- nor this');

            """
        let result = try Self.read(try Self.makeDump(dump))
        #expect(result.records.map(\.values) == [
            ["1", "'); DROP TABLE x; --"], ["2", "\\"], ["3", "ok"], ["4", "/* not a comment */ -- nor this"],
        ])
        #expect(result.rejects.isEmpty)
        #expect(result.tables == ["t": ["id", "v"]])
    }

    @Test func tableFilterSkipsOtherTablesRows() throws {
        let result = try Self.read(Self.samplePath, tables: ["cards"])
        #expect(result.records.count == 3)
        #expect(result.records.allSatisfy { $0.provenance.sheet == "cards" })
        #expect(result.rejects.isEmpty)
        #expect(result.tables.count == 3)
    }

    @Test func escapesNumbersAndLiterals() throws {
        let dump = """
            CREATE TABLE `e` (`a` text, `b` text, `c` text, `d` text, `e` text, `f` text);
            INSERT INTO `e` VALUES ('\\t\\r\\n\\0\\Z\\b','\\%\\_\\q',-1.5e3,X'4142',0x00FF,"dq ""x"" \\' ");

            """
        let result = try Self.read(try Self.makeDump(dump))
        #expect(result.records.map(\.values) == [
            ["\t\r\n\u{0}\u{1A}\u{8}", "\\%\\_q", "-1.5e3", "X'4142'", "0x00FF", "dq \"x\" ' "]
        ])
    }

    @Test func binaryValuesThatAreNotUTF8ComeBackAsHex() throws {
        var bytes = Array("CREATE TABLE `b` (`id` int, `blob` blob);\nINSERT INTO `b` VALUES (1,_binary '".utf8)
        bytes += [0x89, 0x50, 0xFF]
        bytes += Array("'),(2,'plain');\n".utf8)
        let result = try Self.read(try Support.makeFile(bytes, name: "b.sql"))
        #expect(result.records.map(\.values) == [["1", "0x8950FF"], ["2", "plain"]])
    }

    @Test func insertWithoutKnownColumnsNamesThemAndWarnsOnce() throws {
        let result = try Self.read(try Self.makeDump("INSERT INTO `x` VALUES (1,2),(3,4);\n"))
        #expect(result.warnings.map(\.code) == [.sqlNoColumns])
        #expect(result.records.map(\.values) == [["1", "2"], ["3", "4"]])
        #expect(result.records.first?.schema.columns == ["column_1", "column_2"])
    }

    @Test func unterminatedStringAtTheEndIsARejectNotAHang() throws {
        for chunkSize in [3, 1 << 20] {
            let result = try Self.read(
                try Self.makeDump("CREATE TABLE `t` (`a` int, `b` text);\nINSERT INTO `t` VALUES (1,'ok'),(2,'never closed"),
                chunkSize: chunkSize)
            #expect(result.records.map(\.values) == [["1", "ok"]])
            #expect(result.rejects.map(\.code) == [.sqlUnterminatedString])
            #expect(result.rejects.first?.originalText == "(2,'never closed")
            #expect(result.rejects.first?.provenance.recordIndex == 2)
        }
    }

    @Test func overlongValueRejectsItsRowAndReadingGoesOn() throws {
        let long = String(repeating: "长", count: 20)
        let dump = "CREATE TABLE `t` (`a` int, `b` text);\nINSERT INTO `t` VALUES (1,'\(long)'),(2,'short'),(3,'ab\\\\cdefghijklmnopqrstuvwxyz');\n"
        for chunkSize in [4, 1 << 20] {
            let result = try Self.read(try Self.makeDump(dump), chunkSize: chunkSize, maxValueBytes: 16, rowTextLimit: 24)
            #expect(result.records.map(\.values) == [["2", "short"]])
            #expect(result.rejects.map(\.code) == [.sqlValueTooLong, .sqlValueTooLong])
            #expect(result.rejects.map(\.provenance.recordIndex) == [1, 3])
        }
    }

    @Test func longRowKeepsOnlyTheHeadOfItsText() throws {
        let value = String(repeating: "x", count: 5000)
        let dump = "CREATE TABLE `t` (`a` int, `b` text);\nINSERT INTO `t` VALUES (1,'\(value)');\n"
        let result = try Self.read(try Self.makeDump(dump), chunkSize: 256, rowTextLimit: 1024)
        let record = try #require(result.records.first)
        #expect(record["b"] == value)
        #expect(record.originalText.hasSuffix("…"))
        #expect(record.originalText.utf8.count < 4200)
    }

    @Test func malformedRowsAreSyntaxRejects() throws {
        let dump = """
            CREATE TABLE `t` (`a` int, `b` int);
            INSERT INTO `t` VALUES (1,2) garbage (3,4);
            INSERT INTO `t` VALUES 5;
            INSERT INTO `t` VALUES (6,7) ON DUPLICATE KEY UPDATE b=VALUES(b);
            INSERT INTO `t` VALUES (8 9);
            INSERT INTO `t` VALUES (10,11);

            """
        let result = try Self.read(try Self.makeDump(dump))
        #expect(result.records.map(\.values) == [["1", "2"], ["6", "7"], ["10", "11"]])
        #expect(result.rejects.map(\.code) == [.sqlSyntax, .sqlSyntax, .sqlSyntax])
        #expect(result.rejects.map(\.provenance.line) == [2, 3, 5])
    }

    @Test func gbkDumpWithEncodingOverride() throws {
        let text = "CREATE TABLE `c` (`name` varchar(10));\nINSERT INTO `c` VALUES ('张小红'),('李四');\n"
        let path = try Support.makeFile(try TextEncoder.encode(text, as: .gb18030), name: "gbk.sql")
        let result = try Self.read(path, encoding: .gb18030, chunkSize: 7)
        #expect(result.records.map(\.values) == [["张小红"], ["李四"]])
        #expect(result.records.allSatisfy { $0.provenance.byteOffset == nil })
    }

    @Test func utf8ByteOffsetsPointAtRows() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.samplePath)))
        let result = try Self.read(Self.samplePath)
        for record in result.records {
            let offset = Int(try #require(record.provenance.byteOffset))
            #expect(bytes[offset...].starts(with: Array(record.originalText.utf8)))
        }
    }

    @Test func snifferFindsDumpsAndTheirTables() throws {
        #expect(SQLDumpSniffer.looksLikeSQLDump(path: Self.samplePath))
        let csv = Support.packageRoot.appendingPathComponent("samples/pos/SH01_20240301.csv").path
        #expect(!SQLDumpSniffer.looksLikeSQLDump(path: csv))
        let tables = try SQLDumpSniffer.tables(path: Self.samplePath, limitBytes: 1 << 20)
        #expect(tables["receipts"] == ["receipt_no", "store", "paid_at", "amount", "memo"])
        #expect(tables.count == 3)
    }
}
