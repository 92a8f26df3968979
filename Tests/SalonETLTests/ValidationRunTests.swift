import Foundation
import Testing
@testable import SalonETL
import SalonStore
import SalonValidation

/// The validators end to end: the built CLI on samples/pos-anomalies and on the sample migration.
@Suite(.serialized) struct ValidationRunTests {
    /// Copies the sample into a fresh folder with its pipeline edited by `edit`, and runs it.
    func runSample(edit: (String) -> String = { $0 }, database: String? = nil, workers: Int? = nil) throws
        -> (TestSupport.CommandResult, RunReport, String)
    {
        let dir = try TestSupport.makeDirectory("validators")
        let sample = TestSupport.path("samples/pos-anomalies")
        try FileManager.default.copyItem(atPath: "\(sample)/GZ03_2019-spring.csv", toPath: "\(dir)/GZ03_2019-spring.csv")
        let pipeline = try String(contentsOfFile: "\(sample)/pipeline.yaml", encoding: .utf8)
        try edit(pipeline).write(toFile: "\(dir)/pipeline.yaml", atomically: true, encoding: .utf8)
        let db = database ?? "\(dir)/crm.sqlite"
        let result = try TestSupport.runCLI(
            ["run", "\(dir)/pipeline.yaml", "--db", db, "--workspace", "\(dir)/runs", "--report-json", "\(dir)/report.json", "--no-progress"]
                + (workers.map { ["--workers", "\($0)"] } ?? []))
        let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json")))
        return (result, report, db)
    }

    /// With two workers the detectors run beside the publish, which is rolled back; with one they
    /// run before it, and the database is never opened.
    @Test(arguments: [1, 2]) func theMisKeyedYearBlockFailsTheGateAndLeavesTheDatabaseByteForByteUnchanged(workers: Int) throws {
        // A database that already holds the sample migration.
        let dir = try TestSupport.makeDirectory("validators-db")
        let db = "\(dir)/crm.sqlite"
        let first = try TestSupport.runCLI(
            ["run", TestSupport.path("pipelines/sample-migration.yaml"), "--db", db, "--workspace", "\(dir)/runs", "--no-progress"])
        #expect(first.status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: db))

        let (result, report, _) = try runSample(database: db, workers: workers)
        #expect(result.status == 1)
        #expect(report.gate.checks.first { $0.name == "anomalies" }?.passed == false)
        #expect(report.gate.checks.first { $0.name == "control_totals" }?.passed == true)
        let finding = try #require(report.validation?.anomalies.first { $0.kind == .yearKeyedWrong })
        #expect(finding.severity == .block)
        #expect(finding.proposedCorrection == YearCorrection(
            store: "GZ03", receiptNumbers: (231...250).map { "R2019000\($0)" }, fromYear: "2022", toYear: "2019"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        // The HTML report draws the store's months and lists the finding.
        let html = try String(contentsOfFile: report.files.reportHTML, encoding: .utf8)
        #expect(html.contains("<svg role=img aria-label=\"GZ03 每月金额\""))
        #expect(html.contains("year_keyed_wrong"))
        #expect(!html.contains("<script"))
    }

    @Test func applyingTheCorrectionPublishesTheRightYearAndRecordsEveryLine() throws {
        let (result, report, db) = try runSample(edit: { $0.replacingOccurrences(of: "apply: false", with: "apply: true") })
        #expect(result.status == 0)
        #expect(report.validation?.yearCorrections.count == 20)
        #expect(report.validation?.yearCorrections.first?.soldAtAfter.hasPrefix("2019-03-26") == true)
        let comparison = try #require(report.validation?.controlTotals.first)
        #expect(comparison.passed)
        let moved = try #require(comparison.months.first { $0.period == "2022-03" })
        #expect(moved.source.count == 20 && moved.staged.count == 0)
        #expect(moved.explainedByReason["year_corrected"]?.count == -20)
        let rows = try CRMDatabase(path: db).connection.query(
            "SELECT COUNT(*), MIN(sold_at_before), MIN(sold_at_after), MIN(applied_by) FROM receipt_date_corrections")
        #expect(rows.first?.map { $0.text ?? String($0.int ?? 0) } == ["20", "2022-03-26 15:42:41", "2019-03-26 15:42:41", "pipeline"])
        #expect(try CRMDatabase(path: db).connection.scalarInt("SELECT COUNT(*) FROM receipts WHERE sold_at LIKE '2022%'") == 0)
    }

    @Test func warnSeverityPublishesAndKeepsTheFindingInTheReport() throws {
        let (result, report, db) = try runSample(edit: { $0.replacingOccurrences(of: "severity: block", with: "severity: warn") })
        #expect(result.status == 0)
        #expect(report.validation?.anomalies.map(\.severity) == [.warn])
        #expect(try CRMDatabase(path: db).connection.scalarInt("SELECT COUNT(*) FROM receipt_date_corrections") == 0)
    }

    @Test func theSampleMigrationExplainsEveryDifferenceWithTheLinesBehindIt() throws {
        let dir = try TestSupport.makeDirectory("validators-sample")
        let result = try TestSupport.runCLI(
            ["run", TestSupport.path("pipelines/sample-migration.yaml"), "--db", "\(dir)/crm.sqlite", "--workspace", "\(dir)/runs",
             "--report-json", "\(dir)/r.json", "--no-progress"])
        #expect(result.status == 0)
        let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/r.json")))
        let receipts = try #require(report.validation?.controlTotals.first { $0.measure == "receipt_amounts" })
        #expect(receipts.passed)
        let march = try #require(receipts.months.first { $0.store == "SH01" && $0.period == "2024-03" })
        // Overlapping exports and the dump repeat lines the first export holds: merged, and listed.
        #expect(march.source.count > march.staged.count)
        #expect(march.explainedByReason.keys.contains("other_source"))
        #expect(march.evidence.contains { $0.reason == "other_source" && $0.location.contains("legacy_pos_sh01.sql") })
        let balances = try #require(report.validation?.controlTotals.first { $0.measure == "card_balances" })
        #expect(balances.passed)
        #expect(balances.months.contains { $0.explainedByReason["superseded"] != nil })
    }

    @Test func validateKeysAreCheckedStrictly() throws {
        func error(_ validate: String) -> String? {
            let yaml = "name: t\ntarget: { sqlite: crm.sqlite }\nsources:\n  - { id: a, entity: customers, store: S, read: { format: csv, path: a.csv }, columns: { name: 姓名 } }\n" + validate
            do {
                _ = try PipelineLoader.parse(yaml, file: "/p/x.yaml")
                return nil
            } catch let error as SalonError {
                return "\(error.location ?? "") \(error.message)"
            } catch {
                return "\(error)"
            }
        }
        let good = """
            validate:
              as_of: 2024-06-30
              control_totals: { tolerance_fen: 100 }
              anomalies: { year_keyed_wrong: { severity: warn, apply: true }, month_jump: off, amount_outlier: { deviations: 4 } }
            stores: { SH01: { opened: 2015-06-01 } }
            """
        #expect(error(good) == nil)
        let spec = try PipelineLoader.parse(
            "name: t\ntarget: { sqlite: crm.sqlite }\nsources:\n  - { id: a, entity: customers, store: S, read: { format: csv, path: a.csv }, columns: { name: 姓名 } }\n" + good,
            file: "/p/x.yaml")
        #expect(spec.validate.checks.toleranceFen == 100)
        #expect(spec.validate.checks.applyYearCorrections)
        #expect(spec.validate.checks.anomalies.severity(of: .yearKeyedWrong) == .warn)
        #expect(spec.validate.checks.anomalies.disabled == [.monthJump])
        #expect(spec.storeOpened == ["SH01": "2015-06-01"])
        #expect(error("validate: { anomalies: { year_keyed_wrng: { severity: block } } }")?.contains("validate.anomalies.year_keyed_wrng") == true)
        #expect(error("validate: { anomalies: { future_date: { severity: stop } } }")?.contains("validate.anomalies.future_date.severity") == true)
        #expect(error("validate: { anomalies: { future_date: { apply: true } } }")?.contains("unknown key 'apply'") == true)
        #expect(error("validate: { control_totals: { tolerance_fen: -1 } }")?.contains("tolerance_fen") == true)
        #expect(error("validate: { as_of: 2024-02-30 }")?.contains("is not a date") == true)
        #expect(error("stores: { SH01: { opend: 2015-06-01 } }")?.contains("stores.SH01.opend") == true)
    }
}
