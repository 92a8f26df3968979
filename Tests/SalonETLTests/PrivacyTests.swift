import Foundation
import Testing
@testable import SalonETL
import SalonStore

/// End to end: the audit log, `--show-pii`, consent and `forget`, through the built CLI on the
/// sample estate.
@Suite(.serialized) struct PrivacyTests {
    struct Run {
        var result: TestSupport.CommandResult
        var report: RunReport
        var database: String
        var workspace: String
    }

    func makeRun(_ pipeline: String = TestSupport.path("pipelines/sample-migration.yaml"), in dir: String? = nil, extra: [String] = []) throws -> Run {
        let dir = try dir ?? TestSupport.makeDirectory("privacy")
        let result = try TestSupport.runCLI(
            ["run", pipeline, "--db", "\(dir)/crm.sqlite", "--workspace", "\(dir)/runs", "--report-json", "\(dir)/report.json",
             "--no-progress"] + extra)
        let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json")))
        return Run(result: result, report: report, database: "\(dir)/crm.sqlite", workspace: "\(dir)/runs")
    }

    func entries(_ database: String, action: String? = nil) throws -> [AuditEntry] {
        try AuditLog.entries(SQLiteConnection(path: database, readOnly: true), action: action)
    }

    /// Every file under `root`, recursively, with its bytes.
    func files(under root: String) throws -> [(String, Data)] {
        let walker = FileManager.default.enumerator(atPath: root)!
        var found: [(String, Data)] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(root)/\(relative)", isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append((relative, try Data(contentsOf: URL(fileURLWithPath: "\(root)/\(relative)"))))
            }
        }
        return found
    }

    @Test func runsAndPublishesAreAuditedAndTheLogIsAppendOnly() throws {
        let run = try makeRun()
        #expect(run.result.status == 0, "\(run.result.stderr)")
        let log = try entries(run.database)
        #expect(log.map(\.action) == ["run.start", "publish", "run.end"])
        #expect(log.allSatisfy { $0.runID == run.report.runID && !$0.osUser.isEmpty })
        #expect(log[1].detail.contains("customers_inserted=\(run.report.publish!.customersInserted)"))
        let t = run.report.totals
        #expect(log[2].detail == "status=published records_in=\(t.recordsIn) loaded=\(t.loaded) merged=\(t.merged) rejected=\(t.rejected)")
        let db = try SQLiteConnection(path: run.database)
        #expect(throws: SQLiteError.self) { try db.execute("UPDATE audit_log SET detail = 'rewritten'") }
        #expect(throws: SQLiteError.self) { try db.execute("DELETE FROM audit_log") }
        #expect(try db.scalarInt("SELECT COUNT(*) FROM audit_log WHERE detail = 'rewritten'") == 0)
        #expect(try db.scalarInt("SELECT COUNT(*) FROM audit_log") == 3)

        // The CLI lists it, filtered by action.
        let listed = try TestSupport.runCLI(["audit", "--db", run.database, "--action", "run.", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as! [[String: Any]]
        #expect(json.map { $0["action"] as? String } == ["run.start", "run.end"])
        let since = try TestSupport.runCLI(["audit", "--db", run.database, "--since", "2999-01-01"])
        #expect(since.status == 0 && since.stdout.isEmpty)
    }

    @Test func showPIIIsAuditedAndUnmasksReportsAndRejectFiles() throws {
        let dir = try TestSupport.makeDirectory("privacy")
        let masked = try makeRun(in: dir)
        let maskedRejects = try String(contentsOfFile: masked.report.files.rejectsJSONL, encoding: .utf8)
        let shown = try makeRun(in: dir, extra: ["--show-pii"])
        #expect(shown.result.status == 0, "\(shown.result.stderr)")
        #expect(shown.report.piiShown == true)
        #expect(masked.report.piiShown == nil)
        #expect(shown.result.stdout.contains("PERSONAL DATA SHOWN UNMASKED"))
        let html = try String(contentsOfFile: shown.report.files.reportHTML, encoding: .utf8)
        #expect(html.contains("Personal data NOT masked (--show-pii"))
        // The SH01 record whose phone starts 123: masked normally, in full with --show-pii.
        let shownRejects = try String(contentsOfFile: shown.report.files.rejectsJSONL, encoding: .utf8)
        #expect(maskedRejects.contains("123****8901"))
        #expect(!maskedRejects.contains("12345678901"))
        #expect(shownRejects.contains("12345678901"))
        let csv = try String(contentsOfFile: shown.report.files.rejectsCSV, encoding: .utf8)
        #expect(csv.contains("12345678901"))
        // On record before the run wrote anything: the pii.view entry precedes the run's publish.
        let log = try entries(shown.database).filter { $0.runID == shown.report.runID }
        #expect(log.map(\.action) == ["run.start", "pii.view", "publish", "run.end"])
        #expect(log[1].subject == "run:\(shown.report.runID)")
    }

    @Test func withoutProfilingConsentPreferenceTagsAreWithheldButAllergiesKept() throws {
        let dir = try TestSupport.makeDirectory("privacy")
        let pipeline = TestSupport.consentPipeline(target: "{ sqlite: crm.sqlite }")
        try pipeline.write(toFile: "\(dir)/consent.yaml", atomically: true, encoding: .utf8)
        let run = try makeRun("\(dir)/consent.yaml", in: dir)
        #expect(run.result.status == 0, "\(run.result.stderr)")
        #expect(run.report.rejectsByReason == ["consent.unrecognized": 1])
        let db = try SQLiteConnection(path: TestSupport.plainCopy(of: run.database), readOnly: true)
        func row(_ e164: String) throws -> [String] {
            try db.query("""
                SELECT c.marketing_opt_out, c.profiling_consent, (SELECT group_concat(code, ' ') FROM
                  (SELECT code FROM customer_tags t WHERE t.customer_id = c.id ORDER BY code))
                FROM customers c JOIN customer_phones p ON p.customer_id = c.id WHERE p.e164 = ?1
                """, [.text(e164)]).first?.map { $0.text ?? "-" } ?? []
        }
        // 周晓梅 refused profiling: her allergy stays, her curl preference does not.
        #expect(try row("+8613700137101") == ["1", "0", "allergy.hair_dye"])
        // 吴婷 consented; her second record opted out of marketing, and an opt-out wins.
        #expect(try row("+8613700137102") == ["1", "1", "pref.care style.natural_curl"])
        // 郑海's file says nothing: no consent, no preference tags.
        #expect(try row("+8613700137103") == ["-", "-", "-"])
        #expect(try row("+8613700137104") == ["-", "1", "style.short"])
        #expect(run.report.consent?.tagsWithheld == 3)
        #expect(run.report.consent?.customersWithheld == 2)
        #expect(try String(contentsOfFile: run.report.files.reportHTML, encoding: .utf8).contains("tags withheld"))

        // Strictly validated: a misspelt key or a non-boolean is a configuration error.
        try pipeline.replacingOccurrences(of: "require_for_profiling: true", with: "require_for_profiling: yes please")
            .write(toFile: "\(dir)/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try TestSupport.runCLI(["run", "\(dir)/bad.yaml", "--workspace", "\(dir)/runs"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("normalize.consent.require_for_profiling"))
    }

    @Test func forgetLeavesNoTraceOfTheCustomerAnywhereTheToolWrote() throws {
        let dir = try TestSupport.makeDirectory("privacy")
        let first = try makeRun(in: dir)
        #expect(first.result.status == 0, "\(first.result.stderr)")
        // A second run with --show-pii leaves unmasked reports and reject files in the workspace too.
        let second = try makeRun(in: dir, extra: ["--show-pii"])
        #expect(second.result.status == 0)
        let before = try SQLiteConnection(path: TestSupport.plainCopy(of: first.database), readOnly: true)
        let customersBefore = try before.scalarInt("SELECT COUNT(*) FROM customers")!
        // Two customers share 13800138001 (王小红 and the old till's 张小红, kept apart as different
        // people), and more are called 王小红 (an SH01 record with a landline): the tool cannot know
        // whose request it is, so it refuses the phone and the operator forgets them by id.
        let holders = try before.query(
            "SELECT DISTINCT customer_id FROM customer_phones WHERE e164 = '+8613800138001' ORDER BY customer_id"
        ).compactMap { $0.first?.int }
        #expect(holders.count == 2)
        let namesakes = try before.query(
            "SELECT id FROM customers WHERE name = '王小红' AND id NOT IN (\(holders.map(String.init).joined(separator: ", "))) ORDER BY id"
        ).compactMap { $0.first?.int }
        #expect(namesakes.count == 1)
        let targets = holders + namesakes
        let erased = "(\(targets.map(String.init).joined(separator: ", ")))"
        let otherPhones = try before.scalarInt("SELECT COUNT(*) FROM customer_phones WHERE customer_id NOT IN \(erased)")!
        let otherNotes = try before.scalarInt("SELECT COUNT(*) FROM notes WHERE customer_id NOT IN \(erased)")!
        let balances = try before.scalarInt("SELECT SUM(balance_fen) FROM member_cards")!

        // Not without --yes when stdin is not a terminal.
        let refused = try TestSupport.runCLI(["forget", "customer:\(holders[0])", "--db", first.database, "--workspace", first.workspace])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("--yes"))

        let ambiguous = try TestSupport.runCLI(["forget", "138 0013 8001", "--db", first.database, "--workspace", first.workspace, "--yes"])
        #expect(ambiguous.status == 2)
        #expect(ambiguous.stderr.contains("2 customers hold +86138****8001: customer:\(holders[0]), customer:\(holders[1])"))
        #expect(!ambiguous.stderr.contains("13800138001"))

        let forget = try TestSupport.runCLI(["forget", "customer:\(holders[0])", "--db", first.database, "--workspace", first.workspace, "--yes"])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(forget.stdout.contains("erased customer \(holders[0])"))
        #expect(forget.stdout.contains("database  customers: 1"))
        #expect(forget.stdout.contains("staging.sqlite:stg_customer_rows"))
        #expect(!forget.stdout.contains("13800138001"))

        for id in targets.dropFirst() {
            let more = try TestSupport.runCLI(["forget", "customer:\(id)", "--db", first.database, "--workspace", first.workspace, "--yes"])
            #expect(more.status == 0, "\(more.stderr)")
        }

        let needles = ["13800138001", "138 0013 8001", "138-0013-8001", "+8613800138001", "王小红"].map { Data($0.utf8) }
        var scanned = [(first.database, try Data(contentsOf: URL(fileURLWithPath: first.database)))]
        for suffix in ["-wal", "-journal"] where FileManager.default.fileExists(atPath: first.database + suffix) {
            scanned.append((first.database + suffix, try Data(contentsOf: URL(fileURLWithPath: first.database + suffix))))
        }
        scanned += try files(under: first.workspace)
        #expect(scanned.count > 8)
        for (file, bytes) in scanned {
            for needle in needles {
                #expect(bytes.range(of: needle) == nil, "\(file) still holds \(String(decoding: needle, as: UTF8.self))")
            }
        }

        // Everyone else is intact; the balance owed stays as an anonymous per-store sum.
        let after = try SQLiteConnection(path: TestSupport.plainCopy(of: first.database), readOnly: true)
        #expect(try after.scalarInt("SELECT COUNT(*) FROM customers") == customersBefore - 3)
        #expect(try after.scalarInt("SELECT COUNT(*) FROM customer_phones") == otherPhones)
        #expect(try after.scalarInt("SELECT COUNT(*) FROM notes") == otherNotes)
        #expect(try after.scalarInt("SELECT COALESCE(SUM(balance_fen), 0) FROM member_cards")! + after.scalarInt("SELECT SUM(balance_fen) FROM erased_card_balances")! == balances)
        #expect(try after.query("SELECT name FROM customers c JOIN customer_phones p ON p.customer_id = c.id WHERE p.e164 = '+8613900139003'").first?.first?.text == "张丽")
        #expect(try after.scalarInt("PRAGMA foreign_key_check") == nil)
        let erasures = try entries(first.database, action: "customer.erase")
        #expect(erasures.count == 6)
        #expect(erasures.prefix(2).allSatisfy { $0.subject == "customer:\(holders[0])" })
        #expect(erasures[0].detail.contains("customers=1"))
        #expect(erasures.allSatisfy { !$0.detail.contains("8001") })
    }
}
