import ArgumentParser
import Foundation
import SalonETL

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import the POS exports not yet imported (for cron or a systemd timer).",
        discussion: """
        Each new file is one transaction; a file already imported (by content) is skipped. \
        Exit codes: 0 imported or nothing to do, 1 imported but a file's rejects are over \
        validate.max_reject_rate, 2 configuration error, 3 failure (another import running, \
        or a file could not be imported: the next import resumes there). \
        One summary line goes to stdout; the full report is <workspace>/import-<id>/import.json.
        """)

    @Argument(help: "The pipeline file (YAML), e.g. pipelines/pos-daily.yaml.")
    var pipeline: String

    @Option(help: "SQLite database to import into (overrides the pipeline's target).")
    var db: String?

    @Option(help: "Folder for import workspaces (overrides the pipeline's workspace).")
    var workspace: String?

    @Option(help: "Import the archived exports of these days, FROM..TO (e.g. 2024-03-01..2024-03-05).")
    var backfill: String?

    func validate() throws {
        guard FileManager.default.fileExists(atPath: pipeline) else {
            throw ValidationError("pipeline file not found: \(pipeline) (pipelines/ holds examples)")
        }
    }

    func run() throws {
        do {
            let spec = try PipelineLoader.load(path: pipeline)
            let range = try backfill.map(BackfillRange.init(parsing:))
            let job = ImportJob(spec: spec, options: ImportOptions(databasePath: db, workspaceRoot: workspace, backfill: range))
            let (report, path) = try job.run()
            print(report.summaryLine(reportPath: path))
            for file in report.files where file.status == .failed {
                FileHandle.standardError.write(Data("error: \(file.path): \(file.error ?? "failed")\n".utf8))
            }
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        } catch let error as SalonError {
            throw failure(reporting: error)
        }
    }
}
