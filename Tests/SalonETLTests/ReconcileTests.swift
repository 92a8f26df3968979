import Foundation
import Testing
@testable import SalonETL
import SalonStore

/// `salon-etl reconcile` on the sample dual-run day: the old till's export of SH01's 2024-03-01
/// against the CRM the sample migration built, with three planted differences.
@Suite(.serialized)
struct ReconcileTests {
    /// The sample migration into a fresh database, and a copy of the dual-run pipeline pointing at
    /// `export` (an old-system export file) with `cleanDays` for the cutover rule.
    func makeProject(
        export: String, balances: String = TestSupport.path("samples/dual-run/会员余额_SH01_20240301.csv"), cleanDays: Int = 7
    ) throws -> (dir: String, database: String, pipeline: String) {
        let dir = try TestSupport.makeDirectory("reconcile")
        let migrate = try TestSupport.runCLI([
            "run", TestSupport.path("pipelines/sample-migration.yaml"), "--db", "\(dir)/crm.sqlite", "--workspace", "\(dir)/runs",
        ])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        let pipeline = try String(contentsOfFile: TestSupport.path("pipelines/dual-run.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "../samples/dual-run/SH01_*.csv", with: export)
            .replacingOccurrences(of: "../samples/dual-run/会员余额_SH01_*.csv", with: balances)
            .replacingOccurrences(of: "clean_days: 7", with: "clean_days: \(cleanDays)")
        try pipeline.write(toFile: "\(dir)/dual-run.yaml", atomically: true, encoding: .utf8)
        return (dir, "\(dir)/crm.sqlite", "\(dir)/dual-run.yaml")
    }

    @Test func thePlantedDifferencesAreReportedExactly() throws {
        let project = try makeProject(export: TestSupport.path("samples/dual-run/SH01_20240301_旧系统.csv"))
        let result = try TestSupport.runCLI(["reconcile", project.pipeline, "--db", project.database, "--workspace", "\(project.dir)/runs"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("amount_different: receipt R20240301003: old ¥478.00, new ¥378.00"))
        #expect(result.stdout.contains("cutover not yet allowed"))

        let jsonPath = try #require(result.stdout.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: jsonPath))) as! [String: Any]
        let report = json["result"] as! [String: Any]
        let exceptions = (report["receipt_exceptions"] as! [[String: Any]]).map { exception -> String in
            let side = (exception["old"] ?? exception["new"]) as! [String: Any]
            return "\(exception["kind"]!):\(side["number"]!)"
        }
        #expect(exceptions == ["amount_different:R20240301003", "missing_in_new:R20240301006", "missing_in_old:R20240301004"])
        #expect(report["matched_by_number"] as? Int == 4)
        let storeDays = report["store_days"] as! [[String: Any]]
        #expect(storeDays.count == 1)
        #expect(storeDays[0]["old_sum_fen"] as? Int == 9800 + 38000 + 47800 + 15000 + 4500)
        #expect(storeDays[0]["new_sum_fen"] as? Int == 9800 + 38000 + 37800 + 3800 + 15000)
        // Customers are compared too, and written masked.
        let customers = (report["customer_exceptions"] as! [[String: Any]]).map { $0["customer"] as! String }
        #expect(customers.contains("VIP0003"))
        #expect(customers.allSatisfy { !$0.contains("13900139004") })

        let db = try SQLiteConnection(path: project.database, readOnly: true)
        #expect(try db.query("SELECT store_code, day, exceptions, clean FROM reconcile_runs").map { $0.map(\.text) }
            == [["SH01", "2024-03-01", "3", "0"]])
    }

    @Test func cardBalancesAreComparedWithTheOldMemberExport() throws {
        // The sample's member balances agree card by card; this copy plants two differences.
        let dir = try TestSupport.makeDirectory("reconcile-balances")
        let balances = try String(contentsOfFile: TestSupport.path("samples/dual-run/会员余额_SH01_20240301.csv"), encoding: .utf8)
            .replacingOccurrences(of: "陈静,13800138004,12800.50", with: "陈静,13800138004,12000.50")
            .replacingOccurrences(of: "赵强,13800138006,2000.00\r\n", with: "")
            + "孙琳,13800138099,88.00\r\n"
        try balances.write(toFile: "\(dir)/会员余额.csv", atomically: true, encoding: .utf8)
        let project = try makeProject(export: TestSupport.path("samples/pos/SH01_20240301.csv"), balances: "\(dir)/会员余额.csv")
        let result = try TestSupport.runCLI(["reconcile", project.pipeline, "--db", project.database, "--workspace", "\(project.dir)/runs"])
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        let jsonPath = try #require(result.stdout.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: jsonPath))) as! [String: Any]
        let report = json["result"] as! [String: Any]
        #expect((report["receipt_exceptions"] as! [Any]).isEmpty, "the receipts of the day agree")
        let cards = (report["balance_exceptions"] as! [[String: Any]]).map {
            "\($0["store"]!)|\($0["old_balance_fen"] ?? "-")|\($0["new_balance_fen"] ?? "-")"
        }.sorted()
        #expect(cards == ["SH01|-|200000", "SH01|1200050|1280050", "SH01|8800|-"])
        // The cards are phones here: written masked, in the JSON, the HTML and on stdout.
        let html = try String(contentsOfFile: jsonPath.replacingOccurrences(of: ".json", with: ".html"), encoding: .utf8)
        for text in [String(decoding: try Data(contentsOf: URL(fileURLWithPath: jsonPath)), as: UTF8.self), html, result.stdout] {
            #expect(!text.contains("13800138004") && !text.contains("13800138099"))
        }
        #expect(html.contains("储值余额差异 Card balance exceptions (3)"))
        #expect(result.stdout.contains("card_balance: SH01"))
    }

    @Test func aCleanDayPassesAndCountsTowardsCutover() throws {
        let project = try makeProject(export: TestSupport.path("samples/pos/SH01_20240301.csv"), cleanDays: 1)
        let result = try TestSupport.runCLI(["reconcile", project.pipeline, "--db", project.database, "--workspace", "\(project.dir)/runs"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("reconcile: clean · 5 receipts on both sides"))
        #expect(result.stdout.contains("cutover allowed: 1 clean day(s) in a row up to 2024-03-01"))
    }

    @Test func itCannotRunWithoutADatabaseOrAReconcileSection() throws {
        let project = try makeProject(export: TestSupport.path("samples/pos/SH01_20240301.csv"))
        let missing = try TestSupport.runCLI(["reconcile", project.pipeline, "--db", "\(project.dir)/none.sqlite"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no CRM database here"))
        let plain = try TestSupport.runCLI(["reconcile", TestSupport.path("pipelines/sample-migration.yaml"), "--db", project.database])
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("no reconcile section"))
        let wrong = try String(contentsOfFile: project.pipeline, encoding: .utf8).replacingOccurrences(of: "old: [sh01-old-pos, sh01-old-balances]", with: "old: [sh01-old-pos, nope]")
        try wrong.write(toFile: "\(project.dir)/wrong.yaml", atomically: true, encoding: .utf8)
        let bad = try TestSupport.runCLI(["reconcile", "\(project.dir)/wrong.yaml", "--db", project.database])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'nope' is not a receipt or customer source"))
    }
}
