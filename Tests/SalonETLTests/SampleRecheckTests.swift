import Foundation
import Testing
@testable import SalonETL
import SalonStore
import SalonValidation

/// The sample re-check end to end: the built CLI on samples/, and a planted difference in staging.
@Suite(.serialized) struct SampleRecheckTests {
    /// The sample pipeline with `validate.sample` set, written beside the original so its relative paths hold.
    func makePipeline(fraction: Double, seed: Int = 42) throws -> String {
        let original = try String(contentsOfFile: TestSupport.path("pipelines/sample-migration.yaml"), encoding: .utf8)
        let text = original.replacingOccurrences(
            of: "  max_reject_rate: 0.15", with: "  max_reject_rate: 0.15\n  sample: { fraction: \(fraction), seed: \(seed) }")
        let path = TestSupport.path("pipelines/.sample-recheck-\(UUID().uuidString).yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ pipeline: String, _ extra: [String] = []) throws -> (status: Int32, report: RunReport, dir: String) {
        let dir = try TestSupport.makeDirectory("recheck")
        let result = try TestSupport.runCLI(
            ["run", pipeline, "--db", "\(dir)/crm.sqlite", "--workspace", "\(dir)/runs", "--report-json", "\(dir)/report.json"] + extra)
        let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json")))
        return (result.status, report, dir)
    }

    /// An 11-digit mainland mobile, or any run of 7+ digits that is not a yyyymmdd date. Source file
    /// paths are left out: a WeChat Pay bill's name holds the merchant number, which is no one's.
    func unmaskedNumbers(in text: String) -> [String] {
        let paths = try! NSRegularExpression(pattern: "\\.\\./samples/[^,<\\s]*")
        let text = paths.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
        let regex = try! NSRegularExpression(pattern: "[0-9０-９]{7,}")
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            let found = String(text[Range(match.range, in: text)!])
            if found.count == 8, case .value = SimpleFieldParser.date(found) { return nil }
            return found
        }
    }

    @Test func theSampleMigrationPassesTheRecheckAndWritesASignoffSheet() throws {
        let outcome = try run(TestSupport.path("pipelines/sample-migration.yaml"))
        #expect(outcome.status == 0)
        let sample = try #require(outcome.report.sample)
        #expect(sample.fraction == 0.10 && sample.seed == 42)
        #expect(sample.mismatched == 0 && sample.mismatches.isEmpty)
        let check = try #require(outcome.report.gate.checks.first { $0.name == "sample_recheck" })
        #expect(check.passed)
        #expect(check.detail.hasPrefix("\(sample.sampled) sampled"))

        let csvData = try Data(contentsOf: URL(fileURLWithPath: try #require(sample.signoffCSV)))
        #expect(Array(csvData.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let csv = String(decoding: csvData, as: UTF8.self)
        let html = try String(contentsOfFile: try #require(sample.signoffHTML), encoding: .utf8)
        #expect(html.contains("核对人/签字") && html.contains("☐"))
        // The page is assembled from rows written as they were compared, under a head with the counts.
        #expect(html.contains("抽样 sampled \(sample.sampled) ·"))
        #expect(html.components(separatedBy: "<td class=box>").count - 1 == sample.sampled)
        #expect(html.hasSuffix("</body></html>\n"))
        #expect(!FileManager.default.fileExists(atPath: try #require(sample.signoffHTML) + ".rows"))
        // Every (source, store) with records has a row: the four stores, plus the BJ02 merges.
        for store in ["SH01", "BJ02", "GZ03", "SZ04"] {
            #expect(csv.contains("\n\(store),"), "no sampled record from \(store)")
        }
        #expect(csv.split(separator: "\r\n").count == sample.sampled + 1)
        #expect(unmaskedNumbers(in: csv).isEmpty, "\(unmaskedNumbers(in: csv))")
        #expect(unmaskedNumbers(in: html).isEmpty, "\(unmaskedNumbers(in: html))")
        let report = try String(contentsOfFile: outcome.report.files.reportHTML, encoding: .utf8)
        #expect(report.contains("<a href=\"signoff.html\">"))
    }

    @Test func everyRecordReadAgainMatchesAndTheDrawIsReproducible() throws {
        let pipeline = try makePipeline(fraction: 1.0, seed: 7)
        defer { try? FileManager.default.removeItem(atPath: pipeline) }
        let first = try run(pipeline, ["--dry-run"])
        let sample = try #require(first.report.sample)
        // Every staged record: customers and the records folded into them, receipt lines (those
        // that added nothing included) and chat messages.
        let staging = try SQLiteConnection(path: first.report.files.staging)
        func count(_ table: String) throws -> Int { Int(try staging.query("SELECT COUNT(*) FROM \(table)")[0][0].int ?? 0) }
        let merged = try count("stg_merge_rows") + count("stg_receipt_merge_rows")
        #expect(sample.sampled == (try count("stg_customer_rows") + count("stg_receipt_line_rows") + count("stg_chat_message_rows") + merged))
        #expect(sample.mismatched == 0, "\(sample.mismatches)")
        #expect(sample.notChecked["birthday: simple path: lunar"] == 3)
        #expect(!sample.notChecked.keys.contains { $0.hasPrefix("record:") })
        #expect(first.report.gate.passed)
        let csv = try String(contentsOfFile: try #require(sample.signoffCSV), encoding: .utf8)
        #expect(csv.components(separatedBy: "(合并 merged)").count - 1 == merged)
        #expect(unmaskedNumbers(in: csv).isEmpty, "\(unmaskedNumbers(in: csv))")

        let again = try run(TestSupport.path("pipelines/sample-migration.yaml"), ["--dry-run"])
        let once = try run(TestSupport.path("pipelines/sample-migration.yaml"), ["--dry-run"])
        func keys(_ report: RunReport) throws -> [Substring] {
            try String(contentsOfFile: report.sample!.signoffCSV!, encoding: .utf8).split(separator: "\r\n").map {
                $0.split(separator: ",").prefix(3).joined(separator: ",")[...]
            }
        }
        #expect(try keys(again.report) == keys(once.report))
    }

    @Test func aPlantedDifferenceInStagingFailsTheGateWithBothSides() throws {
        let pipeline = try makePipeline(fraction: 1.0)
        defer { try? FileManager.default.removeItem(atPath: pipeline) }
        let outcome = try run(pipeline, ["--dry-run"])
        let staging = try SQLiteConnection(path: outcome.report.files.staging)
        // The normalizer "changed" 李明's phone and 王小红's balance on their way to staging.
        let sh01 = "(SELECT file_id FROM stg_sources WHERE source_id = 'sh01-customers')"
        try staging.execute("UPDATE stg_phone_rows SET e164 = '+8613800138999' WHERE e164 = '+8613800138002' AND file_id = \(sh01)")
        try staging.execute("UPDATE stg_card_rows SET balance_fen = 128001 WHERE balance_fen = 128000 AND line = 9 AND file_id = \(sh01)")
        let spec = try PipelineLoader.load(path: pipeline)
        let result = try SampleRecheck.run(spec: spec, staging: staging)
        #expect(result.mismatched == 2)
        let phone = try #require(result.mismatchedRecords.flatMap(\.fields).first { $0.field == "phone" && $0.status == .mismatch })
        #expect(phone.source == "138 **** 8002")
        #expect(phone.staged == "+86138****8999")
        let card = try #require(result.mismatchedRecords.flatMap(\.fields).first { $0.field == "card" && $0.status == .mismatch })
        #expect(card.source.contains("1,280.00") && card.staged == "balance 1280.01")
        let gate = Gate.evaluate(tallies: [], thresholds: GateThresholds(maxRejectRate: 1), extraChecks: [result.gateCheck])
        #expect(!gate.passed)
        let summary = RunReport.SampleSummary(result, signoff: nil)
        #expect(summary.mismatches.map(\.field).sorted() == ["card", "phone"])
        #expect(summary.mismatches.allSatisfy { unmaskedNumbers(in: $0.source + $0.staged).isEmpty })
    }

    /// The re-check runs beside the publish (workers > 1) or before it (1 worker): either way a
    /// mismatch it finds fails the gate, and the CRM database that was there before stays byte for
    /// byte as it was: beside the publish, the transaction is rolled back with the run's own entry.
    @Test(arguments: [1, 2]) func aMismatchFoundByTheRecheckPublishesNothing(workers: Int) throws {
        let pipeline = try makePipeline(fraction: 1.0)
        defer { try? FileManager.default.removeItem(atPath: pipeline) }
        let dir = try TestSupport.makeDirectory("recheck-beside")
        let first = try TestSupport.runCLI(["run", pipeline, "--db", "\(dir)/crm.sqlite", "--workspace", "\(dir)/runs"])
        #expect(first.status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/crm.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/crm.sqlite-wal"))

        let spec = try PipelineLoader.load(path: pipeline)
        var options = RunOptions(databasePath: "\(dir)/crm.sqlite", workspaceRoot: "\(dir)/runs", showProgress: false, runID: "planted")
        options.workers = workers
        var state = try RunState(spec: spec, options: options)
        try state.stageAllSources()
        // The normalizer "changed" a phone on its way to staging, after every other check.
        let staging = try SQLiteConnection(path: state.stagingPath)
        try staging.execute("UPDATE stg_phone_rows SET e164 = '+8613800138999' WHERE e164 = '+8613800138002'")
        #expect(staging.changes >= 1)
        let outcome = try state.finish()

        #expect(outcome.exitCode == PipelineRunner.ExitCode.gateFailed)
        #expect(outcome.report.status == .gateFailed)
        #expect(outcome.report.gate.checks.first { $0.name == "sample_recheck" }?.passed == false)
        let otherChecks = outcome.report.gate.checks.filter { $0.name != "sample_recheck" }
        #expect(!otherChecks.isEmpty && otherChecks.allSatisfy { $0.passed })
        #expect(outcome.report.sample?.mismatches.contains { $0.field == "phone" } == true)
        #expect(outcome.report.publish == nil)
        // With two workers the publish did run (its staging indexes for the existing customers are
        // there) and was rolled back.
        #expect(try staging.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'stg_phone_rows_by_staging'") == (workers > 1 ? 1 : 0))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/crm.sqlite-wal"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/crm.sqlite")) == before)
    }

    @Test func thePipelineKeysAreCheckedStrictly() throws {
        let base = try String(contentsOfFile: TestSupport.path("pipelines/sample-migration.yaml"), encoding: .utf8)
        func parse(_ sample: String) throws -> PipelineSpec {
            try PipelineLoader.parse(
                base.replacingOccurrences(of: "  max_reject_rate: 0.15", with: "  max_reject_rate: 0.15\n  sample: \(sample)"),
                file: TestSupport.path("pipelines/x.yaml"))
        }
        #expect(try parse("{ fraction: 0.25, seed: 7 }").validate.sample == SampleSpec(fraction: 0.25, seed: 7))
        #expect(try parse("{ fraction: 0 }").validate.sample.isEnabled == false)
        #expect(try PipelineLoader.parse(base, file: TestSupport.path("pipelines/x.yaml")).validate.sample == SampleSpec(fraction: 0.10, seed: 42))
        for bad in ["{ fraction: 1.5 }", "{ seed: -1 }", "{ fractoin: 0.1 }", "{ seed: abc }"] {
            #expect(throws: SalonError.self, "\(bad)") { try parse(bad) }
        }
    }
}
