import Foundation
import SalonCore
import SalonETL
import SalonStore
import Testing

/// The periodic import against the samples in samples/pos-daily: overlapping daily exports, a
/// corrected re-export, a duplicate file, a cut file, a late file and a killed import must end in
/// the same receipts, totals, history and card balances as a clean import of the true data.
@Suite("Periodic POS import")
struct ImportJobTests {
    static let samples = TestSupport.path("samples/pos-daily")

    /// A project folder with the pos-daily pipeline and an empty inbox; returns its path.
    func makeProject() throws -> String {
        let folder = try TestSupport.makeDirectory("import")
        try FileManager.default.createDirectory(atPath: "\(folder)/inbox", withIntermediateDirectories: true)
        let pipeline = try String(contentsOfFile: TestSupport.path("pipelines/pos-daily.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "../samples/pos-daily/", with: "")
            .replacingOccurrences(of: "../out/pos.sqlite", with: "crm.sqlite")
            .replacingOccurrences(of: "../schemas/", with: TestSupport.path("schemas") + "/")
        try pipeline.write(toFile: "\(folder)/pos-daily.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: "\(Self.samples)/archive", toPath: "\(folder)/archive")
        return folder
    }

    func drop(_ names: [String], into folder: String, from sub: String = "inbox", as rename: String? = nil) throws {
        for name in names {
            try FileManager.default.copyItem(atPath: "\(Self.samples)/\(sub)/\(name)", toPath: "\(folder)/inbox/\(rename ?? name)")
        }
    }

    @discardableResult
    func importOnce(_ folder: String, backfill: String? = nil) throws -> ImportReport {
        let spec = try PipelineLoader.load(path: "\(folder)/pos-daily.yaml")
        let options = ImportOptions(workspaceRoot: "\(folder)/runs", backfill: try backfill.map(BackfillRange.init(parsing:)))
        return try ImportJob(spec: spec, options: options).run().report
    }

    /// Receipts, lines, history, movements and balances as comparable text (no run ids).
    func snapshot(_ folder: String) throws -> [String: [String]] {
        let db = try CRMDatabase(path: "\(folder)/crm.sqlite")
        let queries = [
            "receipts": """
                SELECT s.code || '|' || r.receipt_no || '|' || IFNULL(r.sold_at, '') || '|' || r.status || '|' || r.total_fen
                  || '|' || IFNULL(r.payment, '') || '|' || IFNULL((SELECT o.receipt_no FROM receipts o WHERE o.id = r.refund_of), '')
                  || '|' || IFNULL(r.link_method, '')
                FROM receipts r JOIN stores s ON s.id = r.store_id ORDER BY 1
                """,
            "lines": """
                SELECT r.receipt_no || '|' || l.line_no || '|' || IFNULL(l.item, '') || '|' || IFNULL(l.technician, '') || '|' || l.amount_fen
                FROM receipt_lines l JOIN receipts r ON r.id = l.receipt_id ORDER BY 1
                """,
            "history": "SELECT receipt_no || '|' || version || '|' || total_fen || '|' || lines || '|' || source_file FROM receipt_history ORDER BY 1",
            "movements": "SELECT receipt_no || '|' || line_no || '|' || card_key || '|' || kind || '|' || amount_fen FROM card_movements ORDER BY 1",
            "points": "SELECT receipt_no || '|' || line_no || '|' || card_key || '|' || points FROM point_movements ORDER BY 1",
            "balances": "SELECT card_key || '|' || balance_fen || '|' || points_balance FROM member_cards ORDER BY 1",
            "totals": "SELECT s.code || '|' || COUNT(*) || '|' || SUM(total_fen) FROM receipts r JOIN stores s ON s.id = r.store_id GROUP BY s.code ORDER BY 1",
            "review": "SELECT reason FROM review_queue ORDER BY 1",
        ]
        return try queries.mapValues { sql in try db.connection.query(sql).map { $0.first?.text ?? "" } }
    }

    func cleanImport() throws -> [String: [String]] {
        let clean = try makeProject()
        try drop(["SH01_会员_20240301.csv", "BJ02_会员_20240301.csv", "SH01_20240301.csv", "SH01_20240302.csv",
                  "SH01_20240302_更正.csv", "SH01_20240304.csv", "BJ02_20240301.csv", "BJ02_20240302.csv"], into: clean)
        try drop(["SH01_20240303.csv"], into: clean, from: "archive")
        let report = try importOnce(clean)
        #expect(report.exitCode == 0)
        #expect(report.count(.imported) == 9)
        // The CRM's totals are counted once, for the import, not after every file.
        let db = try CRMDatabase(path: "\(clean)/crm.sqlite")
        #expect(try report.databaseTotals?["receipts"] == db.connection.scalarInt("SELECT COUNT(*) FROM receipts"))
        #expect(try report.databaseTotals?["receipt_lines"] == db.connection.scalarInt("SELECT COUNT(*) FROM receipt_lines"))
        for file in report.files {
            let reportPath = try #require(file.runReport)
            let run = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: reportPath)))
            #expect(run.databaseTotals == nil, "\(file.path)")
            // A published file's staging copy (plain-text phones) is gone; its reports and rejects stay.
            let workspace = URL(fileURLWithPath: reportPath).deletingLastPathComponent().path
            #expect(!FileManager.default.fileExists(atPath: "\(workspace)/staging.sqlite"), "\(file.path)")
            #expect(run.files.stagingRemoved == true, "the report says the staging database is gone: \(file.path)")
            #expect(FileManager.default.fileExists(atPath: "\(workspace)/rejects.csv"), "\(file.path)")
        }
        return try snapshot(clean)
    }

    @Test("a messy sequence of exports ends where a clean import of the true data does")
    func messySequenceEqualsCleanImport() throws {
        let messy = try makeProject()
        try drop(["SH01_会员_20240301.csv", "BJ02_会员_20240301.csv", "SH01_20240301.csv", "BJ02_20240301.csv"], into: messy)
        var report = try importOnce(messy)
        #expect(report.exitCode == 0 && report.count(.imported) == 4)
        // The till was cut mid-line, and the first day's export arrives a second time under another name.
        try drop(["SH01_20240303.csv"], into: messy)
        try drop(["SH01_20240301.csv"], into: messy, as: "SH01_20240301 (1).csv")
        report = try importOnce(messy)
        let cut = try #require(report.files.first { $0.path.hasSuffix("SH01_20240303.csv") })
        #expect(cut.status == .incomplete)
        #expect(cut.cutAt?.hasSuffix("SH01_20240303.csv:line 6") == true)
        #expect(cut.heldLines == 1)
        #expect(report.files.first { $0.path.hasSuffix("(1).csv") }?.status == .alreadyImported)
        #expect(report.exitCode == 0, "a cut last line is held, not counted against the threshold")
        // Day 2 and day 4 (which carries the cut receipt whole), then BJ02's late day 2, then the correction.
        try drop(["SH01_20240302.csv", "SH01_20240304.csv"], into: messy)
        try importOnce(messy)
        try drop(["BJ02_20240302.csv"], into: messy)
        try importOnce(messy)
        try drop(["SH01_20240302_更正.csv"], into: messy)
        report = try importOnce(messy)
        #expect(report.files.first { $0.status == .imported }?.corrections == 1)
        let again = try importOnce(messy)
        #expect(again.count(.imported) == 0 && again.exitCode == 0)
        #expect(again.count(.alreadyIncomplete) == 1, "the cut file is not taken again")

        let got = try snapshot(messy)
        let want = try cleanImport()
        for key in want.keys.sorted() { #expect(got[key] == want[key], "\(key) differs") }
        // The correction is kept with both versions and the file that brought each.
        #expect(got["history"]?.count == 2)
        #expect(got["history"]?.last?.hasSuffix("inbox/SH01_20240302_更正.csv") == true)
        // 1000 topped up, then 288 + 342 + 60 + 45 + 45 paid from the card: 220 left.
        #expect(got["balances"]?.contains("VIP0003|22000|780") == true)
        // Points: 288 + 342 (the corrected perm, not 380) + 60 + 45 + 45; the top-up earns none.
        // VIP0001 earned 98 + 45 + 68 + 58 and redeemed 200 (and paid 45 from its card).
        #expect(got["balances"]?.contains("VIP0001|-4500|69") == true)
        #expect(got["balances"]?.contains("BJ-1001|-4500|133") == true)
        #expect(got["receipts"]?.contains { $0.hasPrefix("SH01|SH0303001|") && $0.contains("|SH0301002|") } == true)
        #expect(got["review"] == ["same_phone_different_name"])
    }

    @Test("--backfill reads the archived export of the days it names")
    func backfillTakesArchivedExport() throws {
        let folder = try makeProject()
        try drop(["SH01_20240303.csv"], into: folder)
        try importOnce(folder)
        let outside = try importOnce(folder, backfill: "2024-03-01..2024-03-02")
        #expect(outside.files.isEmpty)
        let report = try importOnce(folder, backfill: "20240303..20240303")
        #expect(report.files.map(\.status) == [.imported])
        let receipts = try snapshot(folder)["receipts"] ?? []
        #expect(receipts.contains { $0.hasPrefix("SH01|SH0303003|2024-03-03 20:45:10|normal|29800|") })
        #expect(throws: SalonError.self) { try BackfillRange(parsing: "2024-03-05..2024-03-01") }
        #expect(BackfillRange.day(inFileName: "SH01_20240229.csv") == "2024-02-29")
        #expect(BackfillRange.day(inFileName: "pos-2023-02-29.csv") == nil)
    }

    @Test("import.keep_runs_days deletes earlier imports' folders older than its days, and nothing else")
    func keepRunsDaysPrunesOnlyOldImportFolders() throws {
        let folder = try makeProject()
        let yaml = "\(folder)/pos-daily.yaml"
        let pipeline = try String(contentsOfFile: yaml, encoding: .utf8)
        #expect(pipeline.contains("  keep_runs_days: 90\n"), "the sample pipeline shows the setting")
        try pipeline.replacingOccurrences(of: "  keep_runs_days: 90\n", with: "  keep_runs_days: 30\n")
            .write(toFile: yaml, atomically: true, encoding: .utf8)
        let runs = "\(folder)/runs"
        let stamp = DateFormatter()
        stamp.locale = Locale(identifier: "en_US_POSIX")
        stamp.timeZone = TimeZone(identifier: "UTC")
        stamp.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let old = "import-20240101T021000Z-3f2a", recent = "import-\(stamp.string(from: Date().addingTimeInterval(-86_400)))-0b1c"
        let lookalikes = ["import-notes", "import-20240101T021000Z-zzzz", "20240101T021000Z-3f2a"]
        for name in [old, recent] + lookalikes {
            try FileManager.default.createDirectory(atPath: "\(runs)/\(name)", withIntermediateDirectories: true)
            try "{}".write(toFile: "\(runs)/\(name)/import.json", atomically: true, encoding: .utf8)
        }
        try drop(["SH01_20240301.csv"], into: folder)
        let report = try importOnce(folder)
        #expect(report.exitCode == 0 && report.count(.imported) == 1)
        #expect(report.prunedImportFolders == [old])
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: runs))
        #expect(!left.contains(old))
        #expect(left.isSuperset(of: [recent, "import-\(report.importID)"] + lookalikes))
        #expect(report.summaryLine(reportPath: "r").contains("deleted 1 earlier import folder (import.keep_runs_days)"))

        try pipeline.replacingOccurrences(of: "  keep_runs_days: 90\n", with: "  keep_runs_days: 0\n")
            .write(toFile: yaml, atomically: true, encoding: .utf8)
        let error = #expect(throws: SalonError.self) { try PipelineLoader.load(path: yaml) }
        #expect(error?.message.contains("keep_runs_days must be at least 1") == true)
    }

    @Test("a second import is refused while one runs; a killed holder's lock is cleared")
    func lockNamesHolderAndClearsStale() throws {
        let folder = try TestSupport.makeDirectory("lock")
        let held = try ImportLock(databasePath: "\(folder)/crm.sqlite")
        let error = #expect(throws: SalonError.self) { try ImportLock(databasePath: "\(folder)/crm.sqlite") }
        #expect(error?.message.contains("pid \(getpid())") == true)
        held.release()
        // What a killed import leaves: its line in the file, and no lock (the kernel dropped it).
        try "pid 999999 on somewhere since 2024-03-01T02:00:00Z".write(toFile: "\(folder)/crm.sqlite.import.lock", atomically: false, encoding: .utf8)
        let next = try ImportLock(databasePath: "\(folder)/crm.sqlite")
        #expect(next.clearedStaleHolder?.hasPrefix("pid 999999") == true)
        next.release()
    }

    @Test("an import killed mid-file leaves the database as before the file, and the next one completes it")
    func killedImportResumes() throws {
        let folder = try makeProject()
        var text = "小票号,消费时间,门店,会员卡号,手机,服务项目,数量,单价,金额,支付方式,状态,原单号,发型师,积分\r\n"
        for n in 0..<40_000 {
            text += "SH09\(n / 2),2024-03-05 \(String(format: "%02d:%02d:00", 9 + n % 12, n % 60)),SH01,,1380013\(String(format: "%04d", n % 9000)),洗剪吹,1,68.00,68.00,微信,正常,,Tony,\r\n"
        }
        try text.write(toFile: "\(folder)/inbox/SH01_20240305.csv", atomically: true, encoding: .utf8)
        try drop(["SH01_20240301.csv"], into: folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupport.executable)
        process.arguments = ["import", "\(folder)/pos-daily.yaml", "--workspace", "\(folder)/runs"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it once it has started on the large file (its run folder exists).
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            let runs = (try? FileManager.default.subpathsOfDirectory(atPath: "\(folder)/runs")) ?? []
            if runs.contains(where: { $0.hasSuffix("-002/staging.sqlite") }) { break }
            usleep(20_000)
        }
        usleep(200_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let db = try CRMDatabase(path: "\(folder)/crm.sqlite")
        let bigLoaded = try db.connection.scalarInt("SELECT COUNT(*) FROM receipts WHERE receipt_no LIKE 'SH09%'") ?? 0
        let bigRecorded = try db.connection.scalarInt("SELECT COUNT(*) FROM import_files WHERE path LIKE '%20240305%'") ?? 0
        #expect((bigLoaded == 0 && bigRecorded == 0) || (bigLoaded == 20_000 && bigRecorded == 1), "all of the file or none")
        let lockLine = (try? String(contentsOfFile: "\(folder)/crm.sqlite.import.lock", encoding: .utf8)) ?? ""
        let report = try importOnce(folder)
        #expect(report.exitCode == 0, "\(report.files.compactMap(\.error))")
        #expect(report.staleLockCleared == (lockLine.isEmpty ? nil : lockLine))
        #expect(try db.connection.scalarInt("SELECT COUNT(*) FROM receipts WHERE receipt_no LIKE 'SH09%'") == 20_000)
        #expect(try db.connection.scalarInt("SELECT SUM(total_fen) FROM receipts WHERE receipt_no LIKE 'SH09%'") == 40_000 * 6_800)
        #expect(try db.connection.scalarInt("SELECT COUNT(*) FROM receipt_lines") == 40_000 + 7)
    }
}
