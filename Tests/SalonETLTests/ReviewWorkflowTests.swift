import Foundation
import Testing
@testable import SalonETL
import SalonStore

/// End to end: review files, `review apply` and `unmerge` through the built CLI, on small built
/// inputs and on the sample estate.
@Suite(.serialized) struct ReviewWorkflowTests {
    /// 王小红 twice on one phone (merged), 李明 and his daughter 李娜 on one phone (review: names
    /// differ), 张伟 and a nameless record on his phone with another birthday (review: low score).
    static let customers = """
        姓名,手机,生日,会员等级,储值余额,备注
        王小红,13800138000,1990-03-05,,,喜欢短发
        王小红女士,138 0013 8000,1990-03-05,金卡,500,对染发剂过敏
        李明,13900139000,1970-06-01,,,
        李娜,13900139000,1998-09-09,,,女儿
        张伟,13700137000,1985-01-01,,,
        ,13700137000,1986-02-02,,120,常做护理

        """

    struct Workspace {
        var directory: String
        var pipeline: String
        var database: String { "\(directory)/crm.sqlite" }

        func run(_ extra: [String] = []) throws -> (result: TestSupport.CommandResult, report: RunReport) {
            let result = try TestSupport.runCLI(
                ["run", pipeline, "--db", database, "--workspace", "\(directory)/runs", "--report-json", "\(directory)/report.json",
                 "--no-progress"] + extra)
            let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(directory)/report.json")))
            return (result, report)
        }

        func cli(_ arguments: [String]) throws -> TestSupport.CommandResult {
            try TestSupport.runCLI(arguments + ["--db", database])
        }

        func query(_ sql: String) throws -> [[SQLiteValue]] {
            try SQLiteConnection(path: TestSupport.plainCopy(of: database), readOnly: true).query(sql)
        }
    }

    /// The pipeline over customers.csv, publishing into `target` (YAML).
    static func pipeline(target: String, resolve: String = "", extraColumns: String = "") -> String {
        """
        name: review-test
        target: \(target)
        sources:
          - id: sh01
            entity: customers
            store: SH01
            read: { format: csv, path: customers.csv }
            columns: { name: 姓名, phone: 手机, birthday: 生日, member_level: 会员等级, balance: 储值余额, notes: 备注\(extraColumns) }
        \(resolve)
        """
    }

    func makeWorkspace(csv: String = customers, resolve: String = "") throws -> Workspace {
        let dir = try TestSupport.makeDirectory("review")
        try csv.write(toFile: "\(dir)/customers.csv", atomically: true, encoding: .utf8)
        try Self.pipeline(target: "{ sqlite: crm.sqlite }", resolve: resolve).write(toFile: "\(dir)/p.yaml", atomically: true, encoding: .utf8)
        return Workspace(directory: dir, pipeline: "\(dir)/p.yaml")
    }

    /// The review.csv a run wrote, as rows of cells (BOM removed).
    func reviewRows(in directory: String) throws -> [[String]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/review.csv"))
        #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        return String(decoding: data.dropFirst(3), as: UTF8.self).split(separator: "\r\n").map { line in
            var cells: [String] = [], cell = "", quoted = false
            for char in line {
                if char == "\"" { quoted.toggle() } else if char == ",", !quoted { cells.append(cell); cell = "" } else { cell.append(char) }
            }
            return cells + [cell]
        }
    }

    func writeDecisions(_ rows: [[String]], _ decisions: [String: String], to path: String) throws {
        let header = rows[0]
        let lines = [header] + rows.dropFirst().map { row in
            var row = row
            row[row.count - 1] = decisions[row[0]] ?? ""
            return row
        }
        try ("\u{FEFF}" + lines.map { $0.map(CSVCell.escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func theRunWritesTheReviewQueueWithScoresAndMaskedPhones() throws {
        let ws = try makeWorkspace()
        let (result, report) = try ws.run()
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try reviewRows(in: report.files.workspace)
        #expect(rows[0] == ReviewFileWriter.header)
        #expect(rows.count == 3)
        #expect(rows[1][1] == "same_phone_different_name")
        #expect(rows[1][3] == "0.65 agrees: phone, surname, store; differs: given_name, birthday; unknown: gender")
        #expect(Array(rows[1][5...9]) == ["李明", "139****9000", "1970-06-01", "SH01", "customers.csv:line 4"])
        #expect(Array(rows[1][11...15]) == ["李娜", "139****9000", "1998-09-09", "SH01", "customers.csv:line 5"])
        #expect(rows[2][1] == "low_match_score")
        #expect(rows[2][2] == "0.87")
        #expect(Array(rows[2][11...15]) == ["", "137****7000", "1986-02-02", "SH01", "customers.csv:line 7"])
        #expect(rows[2][16] == "")
        for name in ["review.csv", "review.html"] {
            let text = try String(contentsOfFile: "\(report.files.workspace)/\(name)", encoding: .utf8)
            #expect(!text.contains("13900139000") && !text.contains("13800138000") && !text.contains("13700137000"), "\(name)")
        }
        let html = try String(contentsOfFile: "\(report.files.workspace)/review.html", encoding: .utf8)
        #expect(html.contains("李娜") && html.contains("待复核客户 Review queue") && html.contains("139****9000"))
        // The merge carries its score and explanation; its lineage keeps both records' values.
        let merge = try ws.query("SELECT matched_on, score, explanation FROM merges")
        #expect(merge.count == 1)
        #expect(merge[0][2].text == "1.00 agrees: phone, surname, given_name, birthday, store; unknown: gender")
        let snapshots = try ws.query("SELECT role, name_original, member_level, record_key FROM merge_snapshots ORDER BY id")
        #expect(snapshots.map { $0.map(\.text) } == [["survivor", "王小红", nil, "line 2"], ["merged", "王小红女士", "金卡", "line 3"]])
        // `review export` writes the same queue.
        let export = try ws.cli(["review", "export", "--out", "\(ws.directory)/export"])
        #expect(export.status == 0 && export.stdout.contains("2 open review items"), "\(export.stderr)")
        #expect(try reviewRows(in: "\(ws.directory)/export") == rows)
    }

    @Test func applyMergesAndSeparatesOnceAndARerunKeepsTheDecisions() throws {
        let ws = try makeWorkspace()
        let (_, first) = try ws.run()
        let rows = try reviewRows(in: first.files.workspace)
        let decisions = "\(ws.directory)/decisions.csv"
        try writeDecisions(rows, ["1": "separate", "2": "merge"], to: decisions)
        let applied = try ws.cli(["review", "apply", decisions])
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("1 merged, 1 separated, 0 already decided; 2 rows moved"), "\(applied.stdout)")
        // The nameless customer (id 5) now lives in 张伟's (id 4): its note and card moved.
        #expect(try ws.query("SELECT merged_into_customer_id FROM customers WHERE id = 5")[0][0].int == 4)
        #expect(try ws.query("SELECT customer_id, text FROM notes WHERE text = '常做护理'")[0][0].int == 4)
        #expect(try ws.query("SELECT customer_id, balance_fen FROM member_cards WHERE balance_fen = 12000")[0][0].int == 4)
        #expect(try ws.query("SELECT status FROM review_queue ORDER BY id").map { $0[0].text } == ["separated", "merged"])
        #expect(try ws.query("SELECT reason, merged_customer_id FROM merges WHERE reason = 'review'")[0][1].int == 5)
        let before = try ws.query("SELECT * FROM customers ORDER BY id")
        let again = try ws.cli(["review", "apply", decisions])
        #expect(again.stdout.contains("0 merged, 0 separated, 2 already decided"), "\(again.stdout)")
        #expect(try ws.query("SELECT * FROM customers ORDER BY id") == before)
        // A re-run over the same inputs neither re-queues the separated pair nor undoes the merge.
        let (result, rerun) = try ws.run()
        #expect(result.status == 0, "\(result.stderr)")
        // Only derived fields (next birthdays, segments) of the restored customers may be filled in.
        #expect((rerun.publish?.changedRows ?? -1) - (rerun.publish?.derived?.changedRows ?? 0) == 0)
        #expect(try ws.query("SELECT COUNT(*) FROM review_queue")[0][0].int == 2)
        #expect(try reviewRows(in: rerun.files.workspace).count == 1)
    }

    /// Records of a customer a person merged away go to the survivor without overwriting its
    /// values, but an opt-out they carry is the person's and reaches the survivor, even when the
    /// survivor's own record in the same run says it accepts marketing: the strictest wins,
    /// whichever staged row the update meets first.
    @Test(arguments: [("否", "是"), ("是", "否")])
    func anOptOutOnAMergedAwayCustomersRecordReachesTheSurvivor(survivorSays: String, mergedAwaySays: String) throws {
        let dir = try TestSupport.makeDirectory("review-consent")
        let lines = Self.customers.split(separator: "\n").map(String.init)
        // Line 6 is 张伟's record (customer 4), line 7 the nameless record on his phone (customer 5).
        func write(line6: String, line7: String) throws {
            let csv = lines.enumerated().map { index, line in
                line + "," + (index == 0 ? "拒收营销" : index == 5 ? line6 : index == 6 ? line7 : "")
            }.joined(separator: "\n") + "\n"
            try csv.write(toFile: "\(dir)/customers.csv", atomically: true, encoding: .utf8)
        }
        try write(line6: "", line7: "")
        try Self.pipeline(target: "{ sqlite: crm.sqlite }", extraColumns: ", marketing_opt_out: 拒收营销")
            .write(toFile: "\(dir)/p.yaml", atomically: true, encoding: .utf8)
        let ws = Workspace(directory: dir, pipeline: "\(dir)/p.yaml")
        let (first, report) = try ws.run()
        #expect(first.status == 0, "\(first.stderr)")
        let decisions = "\(dir)/decisions.csv"
        try writeDecisions(try reviewRows(in: report.files.workspace), ["2": "merge"], to: decisions)
        #expect(try ws.cli(["review", "apply", decisions]).status == 0)
        #expect(try ws.query("SELECT merged_into_customer_id, marketing_opt_out FROM customers WHERE id = 5") == [[.int(4), .null]])

        try write(line6: survivorSays, line7: mergedAwaySays)
        let (rerun, _) = try ws.run()
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(try ws.query("SELECT name, birthday, marketing_opt_out FROM customers WHERE id = 4")
            == [[.text("张伟"), .text("1985-01-01"), .int(1)]])
    }

    @Test func aBadDecisionsFileIsRejectedWholeNamingRowAndColumn() throws {
        let ws = try makeWorkspace()
        let (_, first) = try ws.run()
        let rows = try reviewRows(in: first.files.workspace)
        let decisions = "\(ws.directory)/decisions.csv"
        try writeDecisions(rows, ["1": "separate", "2": "maybe"], to: decisions)
        let bad = try ws.cli(["review", "apply", decisions])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("decisions.csv:3 (column decision)") && bad.stderr.contains("'maybe'"), "\(bad.stderr)")
        var unknown = rows
        unknown[2][0] = "99"
        try writeDecisions(unknown, ["1": "merge", "99": "merge"], to: decisions)
        let missing = try ws.cli(["review", "apply", decisions])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("review item 99 does not exist") && missing.stderr.contains("decisions.csv:3 (column review_id)"))
        #expect(try ws.query("SELECT status FROM review_queue ORDER BY id").map { $0[0].text } == ["open", "open"])
        #expect(try ws.query("SELECT COUNT(*) FROM merges")[0][0].int == 1)
    }

    @Test func unmergeRestoresTheExactPreMergeRowsAndARerunDoesNotMergeAgain() throws {
        let ws = try makeWorkspace()
        _ = try ws.run()
        let survivorBefore = try ws.query("SELECT name_original, member_level FROM customers WHERE id = 1")
        #expect(survivorBefore[0].map(\.text) == ["王小红女士", "金卡"])

        let undo = try ws.cli(["unmerge", "1"])
        #expect(undo.status == 0, "\(undo.stderr)")
        #expect(undo.stdout.contains("1 merges undone; customers restored: 6"), "\(undo.stdout)")
        let fields = "name, name_original, surname, given_name, form_of_address, gender, birthday, birthday_calendar, member_level, join_date, source_file, record_key"
        #expect(try ws.query("SELECT \(fields) FROM customers WHERE id = 1")
            == [[.text("王小红"), .text("王小红"), .text("王"), .text("小红"), .null, .null, .text("1990-03-05"), .text("gregorian"), .null, .null,
                 .text("customers.csv"), .text("line 2")]])
        #expect(try ws.query("SELECT name_original, form_of_address, member_level, record_key FROM customers WHERE id = 6")
            == [[.text("王小红女士"), .text("女士"), .text("金卡"), .text("line 3")]])
        let children = """
            SELECT 'phone', customer_id, e164, original, record_key FROM customer_phones WHERE customer_id IN (1, 6)
            UNION ALL SELECT 'note', customer_id, text, column_name, record_key FROM notes WHERE customer_id IN (1, 6)
            UNION ALL SELECT 'card', customer_id, card_key, balance_fen, record_key FROM member_cards WHERE customer_id IN (1, 6)
            ORDER BY 1, 2
            """
        #expect(try ws.query(children).map { $0.map { $0.text ?? $0.int.map(String.init) ?? "" } } == [
            ["card", "6", "customer:6", "50000", "line 3"],
            ["note", "1", "喜欢短发", "备注", "line 2"], ["note", "6", "对染发剂过敏", "备注", "line 3"],
            ["phone", "1", "+8613800138000", "13800138000", "line 2"], ["phone", "6", "+8613800138000", "138 0013 8000", "line 3"],
        ])
        #expect(try ws.query("SELECT status FROM merges").map { $0[0].text } == ["undone"])
        // Nothing left to undo, or no such customer: exit 2.
        #expect(try ws.cli(["unmerge", "1"]).status == 2)
        #expect(try ws.cli(["unmerge", "999"]).status == 2)
        // The same inputs again: the pair stays apart and nothing changes.
        let (result, rerun) = try ws.run()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(rerun.totals.merged == 0)
        // Only derived fields (next birthdays, segments) of the restored customers may be filled in.
        #expect((rerun.publish?.changedRows ?? -1) - (rerun.publish?.derived?.changedRows ?? 0) == 0)
        #expect(try ws.query("SELECT COUNT(*) FROM customers")[0][0].int == 6)
        #expect(try ws.query("SELECT COUNT(*) FROM merges WHERE status = 'active'")[0][0].int == 0)
    }

    @Test func theSampleEstateScoresItsMergesAndCanUndoThem() throws {
        let ws = Workspace(directory: try TestSupport.makeDirectory("review-sample"), pipeline: TestSupport.path("pipelines/sample-migration.yaml"))
        let (result, report) = try ws.run()
        #expect(result.status == 0, "\(result.stderr)")
        // 10 customer records merge; the other 14 merged input records are repeated receipt lines.
        #expect(report.totals.merged == 24)
        #expect(try ws.query("SELECT COUNT(*) FROM merges WHERE score >= 0.9 AND explanation LIKE '0.9% agrees: %' OR score = 1")[0][0].int == 10)
        #expect(try ws.query("SELECT COUNT(*) FROM merge_snapshots WHERE role = 'merged'")[0][0].int == 10)
        let rows = try reviewRows(in: report.files.workspace)
        #expect(rows.count == 3)  // the header and two pairs sharing a phone under different names
        #expect(rows[1][1] == "same_phone_different_name" && rows[1][6].contains("****"))
        // Undo the customer that absorbed the most records, then run again: those records stay apart.
        let survivor = try ws.query("""
            SELECT survivor_customer_id, COUNT(*) FROM merges GROUP BY survivor_customer_id ORDER BY 2 DESC, 1 LIMIT 1
            """)[0]
        let undo = try ws.cli(["unmerge", String(survivor[0].int!)])
        #expect(undo.status == 0, "\(undo.stderr)")
        let (_, rerun) = try ws.run()
        #expect(rerun.totals.merged == 24 - Int(survivor[1].int!))
        // Only derived fields (next birthdays, segments) of the restored customers may be filled in.
        #expect((rerun.publish?.changedRows ?? -1) - (rerun.publish?.derived?.changedRows ?? 0) == 0)
    }
}
