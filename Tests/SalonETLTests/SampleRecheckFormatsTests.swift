import Foundation
import Testing
@testable import SalonETL
import SalonStore
import SalonValidation

/// The sample re-check for every format that loads records: a copy of the sample migration is run
/// (every record sampled), then one cell of one source file is changed after the run read it.
/// The re-check must find exactly that difference and show both sides.
@Suite(.serialized) struct SampleRecheckFormatsTests {
    /// One change to one source file, and the field whose two sides must show it.
    struct Edit: CustomTestStringConvertible, Sendable {
        var file: String
        var old: String
        var new: String
        var field: String
        var sourceShows: String
        var stagedShows: String
        var testDescription: String { "\(file): \(field)" }
    }

    static let edits: [Edit] = [
        Edit(file: "samples/CD05/客户资料.xlsx", old: "<t>周晓燕</t>", new: "<t>周小燕</t>", field: "name", sourceShows: "周小燕", stagedShows: "周晓燕"),
        Edit(file: "samples/SZ04/会员档案.xml", old: ">许静怡<", new: ">许静宜<", field: "name", sourceShows: "许静宜", stagedShows: "许静怡"),
        Edit(file: "samples/paper/纸质档案录入.csv", old: "P0001,赵强,", new: "P0001,赵刚,", field: "name", sourceShows: "赵刚", stagedShows: "赵强"),
        Edit(file: "samples/pos/legacy_pos_sh01.sql", old: "'王芳'", new: "'王方'", field: "name", sourceShows: "王方", stagedShows: "王芳"),
        Edit(file: "samples/pos/legacy_pos_sh01.sql", old: "'SH01','2024-03-01 10:05:12'", new: "'SH02','2024-03-01 10:05:12'",
             field: "receipt", sourceShows: "SH02", stagedShows: "SH01"),
        Edit(file: "samples/pos/SH01_20240301.csv", old: "1,380.00,380.00,", new: "1,380.00,388.00,", field: "amount",
             sourceShows: "388.00", stagedShows: "380.00"),
        Edit(file: "samples/pos/wechatpay_1900000109_20240301-20240302.csv", old: "`2024-03-02 18:05:00", new: "`2024-03-02 18:06:00",
             field: "time", sourceShows: "18:06", stagedShows: "18:05"),
        Edit(file: "samples/chat/wechat-group.txt", old: "各位亲早上好！", new: "各位亲中午好！", field: "text", sourceShows: "中午好", stagedShows: "早上好"),
        Edit(file: "samples/chat/memotrace-wangjie.csv", old: "想约明天下午三点剪发", new: "想约后天下午三点剪发", field: "text",
             sourceShows: "后天", stagedShows: "明天"),
        Edit(file: "samples/chat/pywxdump-group.csv", old: ",李小姐,丽人坊会员群,3月9号", new: ",李女士,丽人坊会员群,3月9号", field: "sender",
             sourceShows: "李女士", stagedShows: "李小姐"),
    ]

    /// The sample migration, its samples and tag vocabulary copied into a fresh folder, with every
    /// record sampled; the copy is run once (dry run) so its staging database holds what was read.
    func runCopy() throws -> (dir: String, pipeline: String, staging: String) {
        let dir = try TestSupport.makeDirectory("recheck-formats")
        let manager = FileManager.default
        try manager.copyItem(atPath: TestSupport.path("samples"), toPath: "\(dir)/samples")
        try manager.createDirectory(atPath: "\(dir)/schemas", withIntermediateDirectories: true)
        try manager.copyItem(atPath: TestSupport.path("schemas/tags.yaml"), toPath: "\(dir)/schemas/tags.yaml")
        try manager.createDirectory(atPath: "\(dir)/pipelines", withIntermediateDirectories: true)
        let original = try String(contentsOfFile: TestSupport.path("pipelines/sample-migration.yaml"), encoding: .utf8)
        let pipeline = "\(dir)/pipelines/recheck.yaml"
        try original.replacingOccurrences(of: "  max_reject_rate: 0.15", with: "  max_reject_rate: 0.15\n  sample: { fraction: 1.0, seed: 3 }")
            .write(toFile: pipeline, atomically: true, encoding: .utf8)
        let result = try TestSupport.runCLI(
            ["run", pipeline, "--dry-run", "--db", "\(dir)/crm.sqlite", "--workspace", "\(dir)/runs", "--report-json", "\(dir)/report.json"])
        let report = try RunReport.decode(from: Data(contentsOf: URL(fileURLWithPath: "\(dir)/report.json")))
        #expect(result.status == 0, "\(result.stderr)")
        return (dir, pipeline, report.files.staging)
    }

    /// Replaces the first occurrence of `old` in a UTF-8 text file, or in an xlsx's shared strings.
    func apply(_ edit: Edit, in dir: String) throws {
        let path = "\(dir)/\(edit.file)"
        if path.hasSuffix(".xlsx") {
            let script = """
                import sys, zipfile
                path, old, new = sys.argv[1:]
                entries = [(i, zipfile.ZipFile(path).read(i)) for i in zipfile.ZipFile(path).infolist()]
                with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
                    for info, data in entries:
                        if info.filename == "xl/sharedStrings.xml":
                            assert old.encode() in data
                            data = data.replace(old.encode(), new.encode(), 1)
                        out.writestr(info, data)
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, path, edit.old, edit.new]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let range = try #require(data.range(of: Data(edit.old.utf8)), "\(edit.old) is not in \(edit.file)")
        var changed = data
        changed.replaceSubrange(range, with: Data(edit.new.utf8))
        try changed.write(to: URL(fileURLWithPath: path))
    }

    @Test func everyFormatIsReadAgainAndMatchesWhenNothingChanged() throws {
        let copy = try runCopy()
        let staging = try SQLiteConnection(path: copy.staging)
        let result = try SampleRecheck.run(spec: PipelineLoader.load(path: copy.pipeline), staging: staging)
        #expect(result.mismatched == 0, "\(result.mismatchedRecords.map { ($0.record.key, $0.fields.filter { $0.status == .mismatch }) })")
        // Every staged customer record, receipt line (published or merged) and chat message.
        let staged = try staging.query("""
            SELECT (SELECT COUNT(*) FROM stg_customer_rows) + (SELECT COUNT(*) FROM stg_merge_rows)
                 + (SELECT COUNT(*) FROM stg_receipt_line_rows) + (SELECT COUNT(*) FROM stg_receipt_merge_rows)
                 + (SELECT COUNT(*) FROM stg_chat_message_rows)
            """)[0][0].int
        #expect(Int64(result.sampled) == staged)
        // Every source has a re-reader: nothing is left unread.
        #expect(!result.notCheckedByReason.keys.contains { $0.hasPrefix("record:") })
        #expect(result.sourceIDs == Set(try PipelineLoader.load(path: copy.pipeline).sources.map(\.id)))
        #expect(result.notReread == 0)
    }

    @Test(arguments: edits)
    func aCellChangedAfterReadingFailsTheGateWithBothSides(edit: Edit) throws {
        let copy = try runCopy()
        try apply(edit, in: copy.dir)
        let staging = try SQLiteConnection(path: copy.staging)
        let result = try SampleRecheck.run(spec: PipelineLoader.load(path: copy.pipeline), staging: staging)
        let mismatches = result.mismatchedRecords
        #expect(mismatches.count == 1, "\(mismatches.map { ($0.record.key, $0.fields.filter { $0.status == .mismatch }) })")
        let record = try #require(mismatches.first)
        #expect(("../" + edit.file).hasSuffix(record.record.key.file.replacingOccurrences(of: "../", with: "")))
        let field = try #require(record.fields.first { $0.status == .mismatch })
        #expect(field.field == edit.field)
        #expect(field.source.contains(edit.sourceShows), "source side: \(field.source)")
        #expect(field.staged.contains(edit.stagedShows), "staged side: \(field.staged)")
        #expect(!result.gateCheck.passed)
        #expect(result.gateCheck.detail.contains(edit.sourceShows))
    }
}
