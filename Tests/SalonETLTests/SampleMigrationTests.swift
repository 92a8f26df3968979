import Foundation
import Testing
@testable import SalonETL
import SalonStore

/// End to end: the built CLI on the sample estate in samples/.
@Suite(.serialized) struct SampleMigrationTests {
    struct Run {
        var result: TestSupport.CommandResult
        var report: RunReport
        var database: String
        var workspace: String
    }

    func makeRun(_ pipeline: String = TestSupport.path("pipelines/sample-migration.yaml"), extra: [String] = [], database: String? = nil) throws -> Run {
        let dir = try TestSupport.makeDirectory()
        let db = database ?? "\(dir)/crm.sqlite"
        let result = try TestSupport.runCLI(
            ["run", pipeline, "--db", db, "--workspace", "\(dir)/runs", "--report-json", "\(dir)/report.json"] + extra)
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json"))
        return Run(result: result, report: try RunReport.decode(from: data), database: db, workspace: "\(dir)/runs")
    }

    @Test func theSampleMigrationPublishesAndAccountsForEveryRecord() throws {
        let run = try makeRun()
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(run.report.status == .published)
        let counts = run.report.sources.map { [$0.recordsIn, $0.loaded, $0.merged, $0.rejected] }
        #expect(run.report.sources.map(\.id) == [
            "sh01-customers", "bj02-members", "gz03-customers", "sz04-members", "cd05-customers", "hz06-paper",
            "sh01-chat-group", "sh01-chat-wangjie", "bj02-chat-group", "sh01-pos", "sh01-legacy-members",
            "sh01-legacy-receipts", "sh01-wechatpay",
        ])
        // HZ06's 12 paper cards: 赵强 merges by phone, 郑雪 (phone keyed with letters, so left
        // empty) and 孙悦 (no phone) by name and birthday; nine field rejects are keying slips.
        #expect(counts == [
            [17, 13, 1, 3], [7, 5, 2, 0], [4, 3, 1, 0], [6, 3, 2, 1], [9, 7, 1, 1], [12, 9, 3, 0], [39, 38, 0, 1],
            [15, 15, 0, 0], [10, 10, 0, 0],
            // sh01-pos: 14 lines, 2 repeated by the overlapping second export. The dump's receipts and
            // WeChat Pay's bill repeat the till's receipts (merged); the dump's INSERT without a column
            // list is one value short (rejected) and WeChat holds one receipt the exports lack.
            [14, 12, 2, 0], [4, 4, 0, 0], [4, 0, 3, 1], [10, 1, 9, 0],
        ])
        #expect(run.report.sources[5].fieldRejects == 9)
        #expect(run.report.rejectsByReason == [
            "chat.orphan_line": 1, "csv.extra_cells": 1, "csv.undecodable_bytes": 1, "customer.no_identity": 1, "date.impossible": 2,
            "money.unrecognized": 1, "phone.excel_scientific": 1, "phone.invalid_length": 1, "phone.invalid_segment": 1,
            "xml.extra_cells": 2, "receipt.amount_mismatch": 2, "sql.column_count": 1,
            "card.suspected_keying_error": 1, "date.partial": 2, "date.swapped_day_month": 2, "phone.digit_extra": 1,
            "phone.digit_missing": 1, "phone.suspected_keying_error": 2,
        ])
        #expect(run.report.warningsByReason == ["xml.merged_cells": 2])
        #expect(run.report.mergesByMatch == ["phone": 8, "name+birthday": 2])
        #expect(run.report.gate.passed)
        #expect(run.report.sources.prefix(6).map { $0.files.first?.encoding } == ["gb18030", "utf-16le", "utf-8", "utf-8", "utf-8", "utf-8"])
        #expect(run.report.sources.prefix(6).map { $0.files.first?.delimiter } == ["comma", "tab", "semicolon", nil, nil, "comma"])
        #expect(run.report.sources[9].files.map(\.encoding) == ["utf-8", "gb18030"])
        #expect(run.report.publish?.customersInserted == 44)
        #expect(run.report.sources[2].files.first?.sha256?.count == 64)
        let db = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM source_files") == 14)
        #expect(run.report.unchangedRerun == false)
        #expect(run.result.stdout.contains("report: \(run.report.files.reportHTML)"))
        #expect(FileManager.default.fileExists(atPath: run.report.files.reportHTML))
    }

    @Test func publishedRowsCarryNormalizedValuesAndProvenance() throws {
        let run = try makeRun()
        let db = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        func customer(_ e164: String) throws -> [String?] {
            try db.query("""
                SELECT c.name, c.form_of_address, c.gender, c.birthday, c.birthday_calendar, c.member_level, c.join_date,
                       c.source_file, c.record_key
                FROM customers c JOIN customer_phones p ON p.customer_id = c.id WHERE p.e164 = ?1 ORDER BY c.id LIMIT 1
                """, [.text(e164)]).first?.map(\.text) ?? []
        }
        // 王小红 appears in SH01 twice, in BJ02 and in SZ04: one customer, the later values win.
        #expect(try customer("+8613800138001") == [
            "王小红", nil, "female", "1990-03-05", "gregorian", "金卡", "2022-01-10", "../samples/SH01/客户档案.csv", "line 3",
        ])
        #expect(try db.scalarInt("SELECT COUNT(*) FROM merges m JOIN customer_phones p ON p.customer_id = m.survivor_customer_id WHERE p.e164 = '+8613800138001'") == 3)
        // "张丽 女士": the honorific is a form of address, not part of the name.
        #expect(try customer("+8613900139003")[0...2] == ["张丽", "女士", "female"])
        // "刘女士" alone: surname only, month-day birthday kept without a year.
        #expect(try customer("+8613800138005")[0...3] == ["刘", "女士", "female", "--03-08"])
        // Two numbers in one cell become two phones of one customer.
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customer_phones WHERE customer_id = (SELECT customer_id FROM customer_phones WHERE e164 = '+8613800138006')") == 2)
        // Hong Kong number from the BJ02 file.
        #expect(try customer("+85261234567")[0] == "Amy Chen")
        // Same phone, different given name (father and daughter): two customers and a review item.
        #expect(try db.scalarInt("SELECT COUNT(DISTINCT customer_id) FROM customer_phones WHERE e164 = '+8613800138002'") == 2)
        // …and 张小红 in the old till's members shares 王小红's phone.
        #expect(try db.scalarInt("SELECT COUNT(*) FROM review_queue WHERE reason = 'same_phone_different_name'") == 2)
        // Balances stay on each store's card: 王小红 has ¥1,280 in SH01 and ¥300 in BJ02, never ¥1,580.
        let cards = try db.query("""
            SELECT s.code, mc.balance_fen, mc.card_number FROM member_cards mc JOIN stores s ON s.id = mc.store_id
            WHERE mc.customer_id = (SELECT customer_id FROM customer_phones WHERE e164 = '+8613800138001') ORDER BY s.code
            """).map { $0.map(\.text) }
        #expect(cards == [["BJ02", "30000", "BJ0001"], ["SH01", "128000", nil], ["SZ04", "15000", nil]])
        // SpreadsheetML: a phone stored as a Number, a lunar birthday, one sheet per year.
        #expect(try customer("+8613900139040")[0...4] == ["罗美玲", nil, "female", "1990-06-15", "gregorian"])
        #expect(try db.scalarInt("SELECT balance_fen FROM member_cards WHERE customer_id = (SELECT customer_id FROM customer_phones WHERE e164 = '+8613900139040')") == 62_050)
        #expect(try customer("+8613900139041")[0...4] == ["宋", "先生", "male", "--08-15", "lunar"])
        #expect(try customer("+8613900139042")[7...8] == ["../samples/SZ04/会员档案.xml", "2023!3"])
        // xlsx: a phone stored as a number, birthdays from date-formatted cells (built-in and 年月日
        // formats), sheet!row provenance, and 陈静 of 广州天河店 merged by phone with her own CD05 card.
        #expect(try customer("+8613800138050")[0...8] == [
            "周晓燕", nil, "female", "1992-05-14", "gregorian", nil, nil, "../samples/CD05/客户资料.xlsx", "客户资料!3",
        ])
        #expect(try customer("+8613800138052")[3] == "1995-11-02")
        #expect(try customer("+8613800138057")[8] == "三月新客!3")
        #expect(try db.scalarInt("SELECT balance_fen FROM member_cards mc JOIN stores s ON s.id = mc.store_id WHERE s.code = 'CD05' AND mc.customer_id = (SELECT customer_id FROM customer_phones WHERE e164 = '+8613800138004')") == 12_050)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM notes WHERE text = '头皮敏感，洗护用温和款' AND record_key = '客户资料!5'") == 1)
        // Notes are verbatim, with their column and line.
        let notes = try db.query("SELECT text, column_name, record_key FROM notes WHERE text LIKE '%染发剂%'").map { $0.compactMap(\.text) }
        #expect(notes == [["喜欢自然卷，对染发剂过敏", "备注", "line 3"], ["对染发剂过敏，染前必须做皮试", "备注", "line 10"]])
        // A multi-line quoted note survives intact.
        #expect(try db.scalarInt("SELECT COUNT(*) FROM notes WHERE text = '多行备注：' || char(10) || '第一行' || char(10) || '第二行'") == 1)
        // The customer whose phone Excel destroyed still loads, without a phone.
        #expect(try db.scalarInt("SELECT COUNT(*) FROM customers WHERE name = '孙悦' AND id NOT IN (SELECT customer_id FROM customer_phones)") == 1)
    }

    @Test func notesMapToStandardTagsAndTheReportListsEveryAllergy() throws {
        let run = try makeRun()
        let db = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        let tags = try db.query("""
            SELECT c.name, t.code, t.value, t.needs_review, t.matched_text FROM customer_tags t
            JOIN customers c ON c.id = t.customer_id WHERE c.name IN ('王小红', '李明', '郑雪') ORDER BY t.id
            """).map { $0.map { $0.text ?? "" } }
        #expect(tags == [
            ["王小红", "style.natural_curl", "", "0", "自然卷"], ["王小红", "allergy.hair_dye", "", "0", "对染发剂过敏"],
            ["李明", "stylist.preferred", "Tony", "0", "找Tony"], ["李明", "avoid.perm", "", "0", "不要烫发"],
            ["王小红", "hair.dry", "", "0", "发尾干"], ["王小红", "pref.care", "", "0", "护理"],
            ["郑雪", "allergy.hair_dye", "", "1", "染完头皮痒"], ["王小红", "pref.care", "", "0", "做护理"],
            ["李明", "style.short", "", "0", "短发"],
            // 郑雪's paper card in HZ06 (发质 细软, 备注 头皮容易痒), merged by name and birthday.
            ["郑雪", "scalp.sensitive", "", "0", "头皮容易痒"], ["郑雪", "hair.fine", "", "0", "细软"],
        ])
        // 不染发，只剪发；无过敏: a refusal and no allergy tag at all.
        #expect(try db.query("SELECT t.code FROM customer_tags t JOIN customers c ON c.id = t.customer_id WHERE c.name = '高洁' ORDER BY t.id")
            .map { $0[0].text } == ["avoid.color", "pref.cut"])
        #expect(run.report.allergies.map(\.code) == ["allergy.hair_dye", "allergy.hair_dye", "allergy.fragrance", "allergy.latex", "allergy.hair_dye"])
        #expect(run.report.allergies.map(\.needsReview) == [false, true, false, false, false])
        #expect(run.report.allergies[4].location == "../samples/paper/纸质档案录入.csv:line 10")
        #expect(run.report.allergies[0].location == "../samples/SH01/客户档案.csv:line 3")
        #expect(run.report.tagsByCode["pref.care"] == 4)
        let html = try String(contentsOfFile: run.report.files.reportHTML, encoding: .utf8)
        #expect(html.contains("过敏信息 Allergies (safety)"))
    }

    @Test func rejectFilesNameReasonLocationAndMaskedOriginalText() throws {
        let run = try makeRun()
        let jsonl = try String(contentsOfFile: run.report.files.rejectsJSONL, encoding: .utf8)
        let lines = jsonl.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 24)  // 23 from customer, paper and till files, 1 chat line outside any message
        let extra = try #require(lines.first { $0["code"] as? String == "csv.extra_cells" })
        #expect(extra["file"] as? String == "../samples/SH01/客户档案.csv")
        #expect(extra["line"] as? Int == 17)
        #expect(extra["original_text"] as? String == "钱多多,138****8014,男,,普通,50,2023-08-01,备注里有逗号,多出来的一列")
        let undecodable = try #require(lines.first { $0["code"] as? String == "csv.undecodable_bytes" })
        #expect(undecodable["line"] as? Int == 18)
        let csvBytes = try Data(contentsOf: URL(fileURLWithPath: run.report.files.rejectsCSV))
        #expect(csvBytes.starts(with: [0xEF, 0xBB, 0xBF] + Array("code,stage,whole_record".utf8)))
        let csv = String(decoding: csvBytes, as: UTF8.self)
        #expect(!csv.contains("13800138014"))
        let attributes = try FileManager.default.attributesOfItem(atPath: run.report.files.rejectsCSV)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let workspace = try FileManager.default.attributesOfItem(atPath: run.report.files.workspace)
        #expect((workspace[.posixPermissions] as? NSNumber)?.intValue == 0o700)
    }

    @Test func reportsNeverShowAPhoneUnmasked() throws {
        let run = try makeRun()
        for file in [run.report.files.reportJSON, run.report.files.reportHTML, run.report.files.rejectsJSONL, run.report.files.rejectsCSV] {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for phone in [
                "13800138001", "13800138002", "13900139003", "61234567", "13800138014", "13800138015",
                // Paper cards: as keyed (letters for digits, a digit missing or doubled) and as proposed.
                "l38OO138011", "13800138011", "I39O5710010", "13905710010", "1860571234", "139057112308", "13905712308",
            ] {
                #expect(!text.contains(phone), "\(phone) unmasked in \(file)")
            }
        }
        #expect(!run.result.stdout.contains("1380013800"))
    }

    @Test func aSecondRunChangesNothingAndSaysSo() throws {
        let first = try makeRun()
        let before = try Data(contentsOf: URL(fileURLWithPath: first.database))
        let db = try SQLiteConnection(path: first.database, readOnly: true)
        let idsBefore = try db.query("SELECT id, customer_key FROM customers ORDER BY id")
        let second = try makeRun(database: first.database)
        #expect(second.result.status == 0)
        #expect(second.report.unchangedRerun == true)
        #expect(second.report.publish?.changedRows == 0)
        #expect(second.result.stdout.contains("re-run: nothing in the database changed"))
        #expect(try db.query("SELECT id, customer_key FROM customers ORDER BY id") == idsBefore)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM runs WHERE status = 'published'") == 2)
        _ = before
    }

    @Test func aFailedGatePublishesNothingAndLeavesTheDatabaseByteForByteUnchanged() throws {
        let dir = try TestSupport.makeDirectory()
        let strict = try String(contentsOfFile: TestSupport.path("pipelines/sample-migration.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "max_reject_rate: 0.15", with: "max_reject_rate: 0.01")
            .replacingOccurrences(of: "../samples/", with: TestSupport.path("samples") + "/")
            .replacingOccurrences(of: "../schemas/", with: TestSupport.path("schemas") + "/")
        try strict.write(toFile: "\(dir)/strict.yaml", atomically: true, encoding: .utf8)
        let first = try makeRun()
        try? FileManager.default.removeItem(atPath: first.database + "-wal")
        let before = try Data(contentsOf: URL(fileURLWithPath: first.database))
        let failed = try makeRun("\(dir)/strict.yaml", database: first.database)
        #expect(failed.result.status == 1)
        #expect(failed.report.status == .gateFailed)
        #expect(failed.report.gate.checks.first { $0.name == "reject_rate" }?.passed == false)
        #expect(failed.result.stdout.contains("gate FAILED: nothing published"))
        #expect(!FileManager.default.fileExists(atPath: first.database + "-wal"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: first.database)) == before)
    }

    @Test func aDryRunValidatesAndPublishesNothing() throws {
        let run = try makeRun(extra: ["--dry-run"])
        #expect(run.result.status == 0)
        #expect(run.report.status == .dryRun)
        #expect(!FileManager.default.fileExists(atPath: run.database))
    }

    @Test func configurationErrorsExitWithTwoAndNameTheKey() throws {
        let dir = try TestSupport.makeDirectory()
        try "name: x\ntarget: { sqlite: a.sqlite }\nsources:\n  - id: a\n    entity: customers\n    store: S\n    read: { format: csv, path: none/*.csv }\n    colums: { name: 姓名 }\n"
            .write(toFile: "\(dir)/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try TestSupport.runCLI(["run", "\(dir)/bad.yaml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\(dir)/bad.yaml:8 (sources[0].colums): unknown key 'colums'"))
        #expect(bad.stderr.contains("did you mean 'columns'?"))

        try "name: x\ntarget: { postgres: \"postgresql://crm:pw@localhost/crm\" }\nsources:\n  - id: a\n    entity: customers\n    store: S\n    read: { format: csv, path: x.csv }\n    columns: { name: 姓名 }\n"
            .write(toFile: "\(dir)/pg.yaml", atomically: true, encoding: .utf8)
        let pg = try TestSupport.runCLI(["run", "\(dir)/pg.yaml"])
        #expect(pg.status == 2)
        #expect(pg.stderr.contains("(target.postgres): the postgres URL contains a password"))

        try "name: x\ntarget: { sqlite: a.sqlite }\nsources:\n  - id: a\n    entity: customers\n    store: S\n    read: { format: csv, path: \(TestSupport.path("samples/GZ03/客户.csv")) }\n    columns: { name: 客户名 }\n"
            .write(toFile: "\(dir)/cols.yaml", atomically: true, encoding: .utf8)
        let cols = try TestSupport.runCLI(["run", "\(dir)/cols.yaml", "--workspace", "\(dir)/runs"])
        #expect(cols.status == 2)
        #expect(cols.stderr.contains("no column for name (looked for 客户名); the file has: 姓名, 手机号码, 性别, 生日, 备注, 余额"))
    }

    @Test func inspectPrintsAnEntryThatRunsWhenPasted() throws {
        let dir = try TestSupport.makeDirectory()
        for (file, store) in [
            ("samples/SH01/客户档案.csv", "SH01"), ("samples/BJ02/会员资料.csv", "BJ02"), ("samples/GZ03/客户.csv", "GZ03"),
            ("samples/SZ04/会员档案.xml", "SZ04"), ("samples/CD05/客户资料.xlsx", "CD05"),
            ("samples/chat/wechat-group.txt", "STORE"), ("samples/chat/memotrace-wangjie.csv", "STORE"),
        ] {
            let inspect = try TestSupport.runCLI(["inspect", TestSupport.path(file), "--pipeline-dir", dir])
            #expect(inspect.status == 0, "\(inspect.stderr)")
            #expect(inspect.stdout.contains("store: \(store)"))
            #expect(inspect.stdout.contains("name: [") || inspect.stdout.contains("entity: chat"))
            #expect(inspect.stdout.contains("phone: [") || inspect.stdout.contains("entity: chat"))
            let pipeline = "name: pasted\ntarget: { sqlite: crm.sqlite }\nvalidate: { max_reject_rate: 0.5 }\n" + inspect.stdout
            try pipeline.write(toFile: "\(dir)/pasted.yaml", atomically: true, encoding: .utf8)
            let run = try TestSupport.runCLI(["run", "\(dir)/pasted.yaml", "--workspace", "\(dir)/runs", "--report-json", "\(dir)/r.json"])
            #expect(run.status == 0, "\(file): \(run.stderr)\n\(inspect.stdout)")
            let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/r.json")))
            #expect(report.totals.recordsIn > 0)
            #expect(report.totals.recordsIn == report.totals.loaded + report.totals.merged + report.totals.rejected)
        }
        let sh01 = try TestSupport.runCLI(["inspect", TestSupport.path("samples/SH01/客户档案.csv"), "--pipeline-dir", dir])
        #expect(sh01.stdout.contains("encoding: gb18030"))
        #expect(sh01.stdout.contains("header_row: 2"))
        #expect(sh01.stdout.contains("notes: [备注]"))
        #expect(!sh01.stdout.contains("13800138001"))
        // The xlsx sheets have their headers on rows 2 and 1, so the entry lets each be detected.
        let cd05 = try TestSupport.runCLI(["inspect", TestSupport.path("samples/CD05/客户资料.xlsx"), "--pipeline-dir", dir])
        #expect(cd05.stdout.contains("sheets: [客户资料, 三月新客] }"))
        #expect(cd05.stdout.contains("客户资料 (header row 2, 6 columns), 三月新客 (header row 1, 6 columns)"))
        // A filled paper-intake template is recognised by its own headers; the entry needs no columns.
        let paper = try TestSupport.runCLI(["inspect", TestSupport.path("samples/paper/纸质档案录入.csv"), "--pipeline-dir", dir])
        #expect(paper.stdout.contains("format: paper-intake"), "\(paper.stdout)")
        try ("name: pasted\ntarget: { sqlite: crm.sqlite }\nvalidate: { max_reject_rate: 0.5 }\n" + paper.stdout)
            .write(toFile: "\(dir)/pasted.yaml", atomically: true, encoding: .utf8)
        let paperRun = try TestSupport.runCLI(["run", "\(dir)/pasted.yaml", "--workspace", "\(dir)/runs", "--report-json", "\(dir)/r.json"])
        #expect(paperRun.status == 0, "\(paperRun.stderr)\n\(paper.stdout)")
        let paperReport = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/r.json")))
        #expect(paperReport.totals.recordsIn == 12)
        // Till data: a working receipts entry (and the dump's customer table as customers).
        for (file, format, entries) in [
            ("samples/pos/SH01_20240302.csv", "pos-csv", 1), ("samples/pos/legacy_pos_sh01.sql", "sql-dump", 2),
            ("samples/pos/wechatpay_1900000109_20240301-20240302.csv", "wechatpay-csv", 1),
        ] {
            let inspect = try TestSupport.runCLI(["inspect", TestSupport.path(file), "--pipeline-dir", dir])
            #expect(inspect.status == 0, "\(inspect.stderr)")
            #expect(inspect.stdout.contains("(format \(format))"), "\(file): \(inspect.stdout)")
            #expect(inspect.stdout.contains("entity: receipts"))
            #expect(inspect.stdout.contains("receipt_number: "))
            let pipeline = "name: pasted\ntarget: { sqlite: crm.sqlite }\nvalidate: { max_reject_rate: 0.5 }\n" + inspect.stdout
            try pipeline.write(toFile: "\(dir)/pasted.yaml", atomically: true, encoding: .utf8)
            let run = try TestSupport.runCLI(["run", "\(dir)/pasted.yaml", "--workspace", "\(dir)/runs", "--report-json", "\(dir)/r.json"])
            #expect(run.status == 0, "\(file): \(run.stderr)\n\(inspect.stdout)")
            let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/r.json")))
            #expect(report.sources.count == entries)
            #expect(report.receipts?.stores.first?.receipts ?? 0 > 0)
            #expect(report.totals.recordsIn == report.totals.loaded + report.totals.merged + report.totals.rejected)
        }
        // XML that is not SpreadsheetML (here: a DOCTYPE with an entity) is refused, not read as CSV.
        try "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>".write(toFile: "\(dir)/x.xml", atomically: true, encoding: .utf8)
        let xml = try TestSupport.runCLI(["inspect", "\(dir)/x.xml"])
        #expect(xml.status == 2)
        #expect(xml.stderr.contains("not Excel 2003 XML (SpreadsheetML), or it declares a DOCTYPE"))
    }
}
