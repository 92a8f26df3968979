import Foundation
import Testing
@testable import SalonETL
import SalonStore

/// Receipt sources end to end: the built CLI on small till exports and on samples/pos.
@Suite(.serialized) struct ReceiptLoadingTests {
    struct Run {
        var result: TestSupport.CommandResult
        var report: RunReport?
        var database: String
    }

    /// Writes `files` into a fresh folder with a pipeline holding `sources`, and runs it.
    func makeRun(files: [String: String], sources: String, database: String? = nil, in folder: String? = nil) throws -> Run {
        let dir = try folder ?? TestSupport.makeDirectory("receipts")
        for (name, text) in files { try text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8) }
        let pipeline = "name: receipts-test\ntarget: { sqlite: crm.sqlite }\nvalidate: { max_reject_rate: 0.5 }\nsources:\n" + sources
        try pipeline.write(toFile: "\(dir)/pipeline.yaml", atomically: true, encoding: .utf8)
        let db = database ?? "\(dir)/crm.sqlite"
        let reportPath = "\(dir)/report-\(UUID().uuidString).json"
        let result = try TestSupport.runCLI(
            ["run", "\(dir)/pipeline.yaml", "--db", db, "--workspace", "\(dir)/runs", "--report-json", reportPath])
        let report = (try? Data(contentsOf: URL(fileURLWithPath: reportPath))).flatMap { try? RunReport.decode(from: $0) }
        return Run(result: result, report: report, database: db)
    }

    static let customersSource = """
          - id: s1-customers
            entity: customers
            store: S1
            read: { format: csv, path: customers.csv }
            columns: { name: 姓名, phone: 手机, card_number: 卡号, balance: 余额 }

        """

    static let posSource = """
          - id: s1-pos
            entity: receipts
            store: S1
            read: { format: pos-csv, path: "pos_*.csv" }
            columns:
              receipt_number: 小票号
              time: 时间
              card_number: 卡号
              phone: 手机
              item: 项目
              amount: 金额
              payment: 支付
              status: 状态
              original_receipt: 原单号

        """

    /// 林芳 and 周敏 both fit 139****5678; only 吴丹 fits 137****1111.
    static let customers = """
        姓名,手机,卡号,余额
        陈静,13800138001,VIP01,100
        林芳,13912345678,,50
        周敏,13912305678,,
        吴丹,13700001111,,

        """

    static let posHeader = "小票号,时间,卡号,手机,项目,金额,支付,状态,原单号\n"

    func links(_ database: String) throws -> [[String?]] {
        let db = try SQLiteConnection(path: database, readOnly: true)
        return try db.query("""
            SELECT r.receipt_no, c.name, r.link_method,
              CASE WHEN r.link_confidence IS NOT NULL THEN printf('%.6f', r.link_confidence) END, r.masked_phone
            FROM receipts r LEFT JOIN customers c ON c.id = r.customer_id ORDER BY r.receipt_no
            """).map { $0.map(\.text) }
    }

    @Test func receiptsLinkByCardExactPhoneAndUniqueMaskedPhoneButNotAnAmbiguousOne() throws {
        let pos = Self.posHeader + """
            A001,2024-03-01 10:00,VIP01,,洗剪吹,68,微信,正常,
            A002,2024-03-01 11:00,,13700001111,剪发,40,现金,正常,
            A003,2024-03-01 12:00,,137****1111,护理,100,现金,正常,
            A004,2024-03-01 13:00,,139****5678,染发,200,支付宝,正常,
            A005,2024-03-01 14:00,,13600000000,洗吹,35,现金,正常,

            """
        let run = try makeRun(files: ["customers.csv": Self.customers, "pos_1.csv": pos], sources: Self.customersSource + Self.posSource)
        #expect(run.result.status == 0, "\(run.result.stderr)")
        // Four known phones in S1, seven visible digits: 1 − 4 / 10⁶.
        #expect(try links(run.database) == [
            ["A001", "陈静", "card", "1.000000", nil],
            ["A002", "吴丹", "phone", "1.000000", nil],
            ["A003", "吴丹", "masked_phone", "0.999996", "137****1111"],
            ["A004", nil, nil, nil, "139****5678"],
            ["A005", nil, nil, nil, nil],
        ])
        let report = try #require(run.report?.receipts)
        #expect(report.links == ["card": 1, "phone": 1, "masked_phone": 1, "masked_ambiguous": 1, "card_or_phone_unknown": 1])
        #expect(report.stores == [.init(store: "S1", receipts: 5, lines: 5, totalFen: 44_300)])
        #expect(report.stores[0].totalYuan == "443.00")
        // A phone first seen on a receipt creates no customer.
        let db = try SQLiteConnection(path: run.database, readOnly: true)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customers") == 4)
        let html = try String(contentsOfFile: try #require(run.report).files.reportHTML, encoding: .utf8)
        #expect(html.contains("masked_ambiguous"))
        #expect(html.contains("443.00"))
        #expect(!html.contains("13700001111"))
    }

    @Test func aRefundLinksToItsOriginalInAnEarlierFileAndInALaterRun() throws {
        let dir = try TestSupport.makeDirectory("receipts")
        let day1 = Self.posHeader + "B001,2024-03-01 10:00,,,烫发,380,支付宝,正常,\n"
        let day2 = Self.posHeader + "B101,2024-03-02 10:00,,,烫发,-380,支付宝,退款,B001\nB102,2024-03-02 11:00,,,洗吹,35,现金,正常,\n"
        let first = try makeRun(files: ["pos_1.csv": day1, "pos_2.csv": day2], sources: Self.posSource, in: dir)
        #expect(first.result.status == 0, "\(first.result.stderr)")
        // Connections are opened per query: a database holding no customers yet is published as a
        // first load, which switches its journal mode and needs no other connection open.
        func query(_ sql: String) throws -> [[String?]] {
            try SQLiteConnection(path: first.database, readOnly: true).query(sql).map { $0.map(\.text) }
        }
        #expect(try query("""
            SELECT r.receipt_no, r.status, r.total_fen, o.receipt_no FROM receipts r LEFT JOIN receipts o ON o.id = r.refund_of
            ORDER BY r.receipt_no
            """) == [["B001", "normal", "38000", nil], ["B101", "refund", "-38000", "B001"], ["B102", "normal", "3500", nil]])
        #expect(first.report?.publish?.receipts?.refundsLinked == 1)

        // A refund whose original arrives only in a later run waits for it, then links.
        try FileManager.default.removeItem(atPath: "\(dir)/pos_1.csv")
        try FileManager.default.removeItem(atPath: "\(dir)/pos_2.csv")
        let refundFirst = try makeRun(
            files: ["pos_3.csv": Self.posHeader + "C101,2024-03-03 10:00,,,染发,-200,现金,退款,C001\n"], sources: Self.posSource, in: dir)
        #expect(refundFirst.report?.publish?.receipts?.refundsWithoutOriginal == 1)
        try FileManager.default.removeItem(atPath: "\(dir)/pos_3.csv")
        let original = try makeRun(
            files: ["pos_4.csv": Self.posHeader + "C001,2024-03-02 15:00,,,染发,200,现金,正常,\n"], sources: Self.posSource, in: dir)
        #expect(original.report?.publish?.receipts?.refundsLinked == 1)
        #expect(try query("""
            SELECT COUNT(*) FROM receipts r JOIN receipts o ON o.id = r.refund_of WHERE r.receipt_no = 'C101' AND o.receipt_no = 'C001'
            """) == [["1"]])
    }

    @Test func overlappingExportsCountRepeatedLinesAsMergedButKeepRepeatsWithinAReceipt() throws {
        // The second export repeats D002's line; D001 really sold two identical bottles.
        let day1 = Self.posHeader + "D001,2024-03-01 10:00,,,洗发水,45,现金,正常,\nD001,2024-03-01 10:00,,,洗发水,45,现金,正常,\nD002,2024-03-01 11:00,,,剪发,40,现金,正常,\n"
        let day2 = Self.posHeader + "D002,2024-03-01 11:00,,,剪发,40,现金,正常,\nD003,2024-03-02 09:00,,,洗吹,35,现金,正常,\n"
        let run = try makeRun(files: ["pos_1.csv": day1, "pos_2.csv": day2], sources: Self.posSource)
        let source = try #require(run.report?.sources.first)
        #expect([source.recordsIn, source.loaded, source.merged, source.rejected] == [Int]([5, 4, 1, 0]))
        #expect(run.report?.receipts?.mergedByReason == ["duplicate_line": 1])
        #expect(run.report?.receipts?.stores.first?.totalFen == 16_500)
        let db = try SQLiteConnection(path: run.database, readOnly: true)
        #expect(try db.query("""
            SELECT r.receipt_no, l.line_no, l.record_key, l.source_file FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id
            ORDER BY r.receipt_no, l.line_no
            """).map { $0.map(\.text) } == [
            ["D001", "1", "line 2", "pos_1.csv"], ["D001", "2", "line 3", "pos_1.csv"], ["D002", "1", "line 4", "pos_1.csv"],
            ["D003", "1", "line 3", "pos_2.csv"],
        ])
    }

    @Test func aCutLastLineIsARejectAndTheRunGoesOn() throws {
        let pos = Self.posHeader + "E001,2024-03-01 10:00,,,剪发,40,现金,正常,\nE002,2024-03-01 11:00,,,烫发,12"
        let run = try makeRun(files: ["pos_1.csv": pos], sources: Self.posSource)
        #expect(run.result.status == 0, "\(run.result.stderr)")
        let source = try #require(run.report?.sources.first)
        #expect([source.recordsIn, source.loaded, source.merged, source.rejected] == [Int]([2, 1, 0, 1]))
        #expect(run.report?.rejectsByReason == ["pos.truncated_line": 1])
        #expect(run.report?.gate.checks.first { $0.name == "row_accounting:s1-pos" }?.passed == true)
    }

    @Test func theSampleTillDataLinksRefundsAcrossExportsAndARerunChangesNothing() throws {
        let dir = try TestSupport.makeDirectory("receipts")
        func run() throws -> RunReport {
            let result = try TestSupport.runCLI([
                "run", TestSupport.path("pipelines/sample-migration.yaml"), "--db", "\(dir)/crm.sqlite", "--workspace", "\(dir)/runs",
                "--report-json", "\(dir)/report.json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            return try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json")))
        }
        let first = try run()
        let receipts = try #require(first.receipts)
        // 5 receipts on 1 March (1,044.00), 4 from the till on 2 March (−199.00 with the perm's refund)
        // and 1 only WeChat Pay saw (128.00).
        #expect(receipts.stores == [.init(store: "SH01", receipts: 10, lines: 13, totalFen: 97_300)])
        #expect(receipts.mergedByReason == ["duplicate_line": 2, "other_source": 12])
        // 13800138001 belongs to 王小红 in the CRM sheet and to 张小红 in the old till: neither the
        // exact phone nor 138****8001 names one customer.
        #expect(receipts.links == ["phone": 7, "phone_ambiguous": 1, "masked_ambiguous": 1, "no_contact": 1])
        let db = try SQLiteConnection(path: "\(dir)/crm.sqlite", readOnly: true)
        #expect(try db.query("""
            SELECT r.receipt_no, r.source_file, o.receipt_no, o.source_file FROM receipts r JOIN receipts o ON o.id = r.refund_of
            """).map { $0.map(\.text) } == [["R20240302002", "../samples/pos/SH01_20240302.csv", "R20240301002", "../samples/pos/SH01_20240301.csv"]])
        #expect(try db.query("SELECT sold_at, utc_offset, payment, total_fen FROM receipts WHERE receipt_no = 'R20240302005'")
            .first?.map(\.text) == ["2024-03-02 18:05:00", "+08:00", "wechat", "12800"])
        // Dump rows are keyed by their row in the table, not by the INSERT's line.
        #expect(try db.query("SELECT record_key FROM customers WHERE source_id = 'sh01-legacy-members' ORDER BY id").map { $0[0].text }
            == ["customers!1", "customers!2", "customers!3", "customers!4"])
        #expect(try db.scalarInt("SELECT COUNT(*) FROM rejects WHERE source_id = 'sh01-legacy-receipts' AND record_key = 'receipts!4'") == 1)

        let before = try db.query("SELECT * FROM receipts ORDER BY id")
        let linesBefore = try db.query("SELECT * FROM receipt_lines ORDER BY id")
        let second = try run()
        #expect(second.unchangedRerun == true)
        #expect(second.publish?.receipts?.changedRows == 0)
        #expect(try db.query("SELECT * FROM receipts ORDER BY id") == before)
        #expect(try db.query("SELECT * FROM receipt_lines ORDER BY id") == linesBefore)
    }

    @Test func aDumpTableTheDumpDoesNotDeclareIsAConfigurationErrorListingItsTables() throws {
        let dump = try String(contentsOfFile: TestSupport.path("samples/pos/legacy_pos_sh01.sql"), encoding: .utf8)
        let run = try makeRun(files: ["pos.sql": dump], sources: """
              - id: legacy
                entity: customers
                store: SH01
                read: { format: sql-dump, path: pos.sql, table: members }
                columns: { name: name, phone: mobile }

            """)
        #expect(run.result.status == 2)
        #expect(run.result.stderr.contains("the dump has no table 'members'; it declares: cards, customers, receipts"))
        #expect(!FileManager.default.fileExists(atPath: run.database))
    }

    @Test func receiptSourcesAreCheckedBeforeAnyDataIsRead() throws {
        func error(_ source: String) -> String? {
            let yaml = "name: t\ntarget: { sqlite: crm.sqlite }\nsources:\n" + source
            do {
                _ = try PipelineLoader.parse(yaml, file: "/p/x.yaml")
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(error("  - { id: a, entity: receipts, store: S, read: { format: csv, path: a.csv }, columns: { receipt_number: 单号, amount: 金额 } }\n")?
            .contains("format 'csv' cannot be loaded as receipts") == true)
        #expect(error("  - { id: a, entity: receipts, store: S, read: { format: sql-dump, path: a.sql }, columns: { receipt_number: no, amount: amt } }\n")?
            .contains("a sql-dump source names the table it reads") == true)
        #expect(error("  - { id: a, entity: receipts, store: S, read: { format: pos-csv, path: a.csv }, columns: { receipt_number: 单号 } }\n")?
            .contains("must map receipt_number and amount") == true)
        #expect(error("  - { id: a, entity: receipts, store: S, read: { format: pos-csv, path: a.csv }, columns: { name: 姓名 } }\n")?
            .contains("unknown key 'name'") == true)
        #expect(error("  - { id: a, entity: customers, store: S, read: { format: csv, path: a.csv, table: t }, columns: { name: 姓名 } }\n")?
            .contains("table applies to sql-dump sources only") == true)
        let spec = try PipelineLoader.parse(
            "name: t\ntarget: { sqlite: crm.sqlite }\nsources:\n  - { id: a, entity: customers, store: S, read: { format: sql-dump, path: a.sql, table: members }, columns: { name: name } }\n",
            file: "/p/x.yaml")
        #expect(spec.sources[0].read.table == "members")
        #expect(spec.sources[0].read.format == .sqlDump)
    }
}
