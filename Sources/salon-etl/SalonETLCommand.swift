import ArgumentParser
import Foundation
import SalonETL
import SalonStore

@main
struct SalonETLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "salon-etl",
        abstract: "Migrate salon customer records from spreadsheets and legacy exports into a CRM database.",
        discussion: "Start with `salon-etl inspect FILE` to get a pipeline entry, then `salon-etl run PIPELINE.yaml`.",
        subcommands: [
            Run.self, Import.self, Inspect.self, Template.self, Review.self, Unmerge.self, Forget.self, Audit.self,
            Birthdays.self, Reconcile.self, BenchReaders.self, Keys.self,
        ])
}

/// Runs `body`, which reads a CRM database (the SQLite file at `db`, or the PostgreSQL one at
/// `postgres`), reporting any failure the same way: a `SalonError` as it is, a database error as
/// "cannot read `what`" naming the database (the URL without a password).
func readingCRM<T>(_ what: String, db: String, postgres: String?, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as SalonError {
        throw failure(reporting: error)
    } catch let error as SQLiteError {
        throw failure(reporting: SalonError(.database, "cannot read \(what)", location: db, cause: error))
    } catch let error as PostgresError {
        throw failure(reporting: SalonError(.database, "cannot read \(what)", location: postgres.map(PostgresURL.redacted), cause: error))
    }
}

/// Prints a SalonError the same way everywhere and maps it to an exit code.
func failure(reporting error: SalonError) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    switch error.code {
    case .configuration, .unsupported: return ExitCode(2)
    default: return ExitCode(3)
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pipeline: read, normalize, validate, and publish when the gate passes.",
        discussion: """
        Exit codes: 0 published (or dry run passed), 1 gate failed (nothing published), \
        2 configuration or usage error, 3 runtime failure.
        """)

    @Argument(help: "The pipeline file (YAML).")
    var pipeline: String

    @Option(help: "SQLite database to publish into (overrides the pipeline's target).")
    var db: String?

    @Option(help: "Folder for run workspaces (overrides the pipeline's workspace).")
    var workspace: String?

    @Option(name: .customLong("report-json"), help: "Also write the JSON report to this path.")
    var reportJSON: String?

    @Flag(name: .customLong("dry-run"), help: "Stage and validate only; publish nothing.")
    var dryRun = false

    @Flag(name: .customLong("no-progress"), help: "Do not draw a progress line even on a terminal.")
    var noProgress = false

    @Flag(name: .customLong("show-pii"), help: "Write reports and reject files unmasked, for the person doing the review; recorded in the audit log.")
    var showPII = false

    @Option(help: "Threads that read and normalize ahead of staging (default: one per core, at least 2); above 1 the validators and the sample re-check also run beside the publish. The published result is the same for any number.")
    var workers: Int?

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        guard FileManager.default.fileExists(atPath: pipeline) else {
            throw ValidationError("pipeline file not found: \(pipeline) (pipelines/ holds examples)")
        }
    }

    func run() throws {
        do {
            let spec = try PipelineLoader.load(path: pipeline)
            var options = RunOptions(
                databasePath: db, workspaceRoot: workspace, reportJSONPath: reportJSON, dryRun: dryRun,
                showProgress: !noProgress, showPII: showPII)
            if let workers { options.workers = workers }
            let runner = PipelineRunner(spec: spec, options: options)
            let outcome = try runner.run()
            print(Summary.text(for: outcome.report))
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        } catch let error as SalonError {
            throw failure(reporting: error)
        }
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sniff a file (format, encoding, delimiter, header, columns) and print a pipeline `sources:` entry.")

    @Argument(help: "The file to inspect.")
    var file: String

    @Option(name: .customLong("pipeline-dir"), help: "Folder of the pipeline the entry goes into; paths are written relative to it. Default: ./pipelines when it exists, else the current folder.")
    var pipelineDirectory: String?

    func run() throws {
        let current = FileManager.default.currentDirectoryPath
        let directory = pipelineDirectory
            ?? (FileManager.default.fileExists(atPath: "\(current)/pipelines") ? "\(current)/pipelines" : current)
        do {
            let absolute = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: current + "/")).standardized.path
            let absoluteDirectory = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: current + "/")).standardized.path
            print(try Inspector.describe(path: absolute, pipelineDirectory: absoluteDirectory), terminator: "")
        } catch let error as SalonError {
            throw failure(reporting: error)
        }
    }
}

/// `scripts/bench` calls this to time each reader on its own; not part of the user-facing CLI.
struct BenchReaders: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-readers",
        abstract: "Time readers on files: FORMAT=PATH pairs (used by scripts/bench).",
        shouldDisplay: false)

    @Argument(help: "FORMAT=PATH, e.g. sql-dump=/tmp/dump.sql")
    var inputs: [String]

    func run() throws {
        print("reader          MB      s   MB/s  CPU s    records/s  records  rejects")
        for input in inputs {
            guard let equals = input.firstIndex(of: "=") else {
                throw ValidationError("expected FORMAT=PATH, got \(input)")
            }
            do {
                let figure = try ReaderBenchmark.measure(
                    format: String(input[..<equals]), path: String(input[input.index(after: equals)...]))
                let name = figure.format.padding(toLength: 13, withPad: " ", startingAt: 0)
                print(name + String(
                    format: " %6.1f %6.2f %6.1f %6.2f %12.0f %8d %8d", Double(figure.bytes) / 1e6,
                    figure.seconds, figure.megabytesPerSecond, figure.cpuSeconds, figure.recordsPerSecond,
                    figure.records, figure.rejects))
            } catch let error as SalonError {
                throw failure(reporting: error)
            }
        }
    }
}

struct Reconcile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Dual run: compare the old system's exports with the CRM database per store and day, receipt and customer.",
        discussion: """
        The pipeline's `reconcile.old` names the receipt sources holding the old system's exports. \
        Exit codes: 0 clean, 1 differences (listed in the report), 2 could not run.
        """)

    @Argument(help: "The pipeline file (YAML) with a reconcile section.")
    var pipeline: String

    @Option(help: "SQLite CRM database (overrides the pipeline's target).")
    var db: String?

    @Option(help: "Folder for run workspaces (overrides the pipeline's workspace).")
    var workspace: String?

    func run() throws {
        do {
            let spec = try PipelineLoader.load(path: pipeline)
            let outcome = try DualRunReconciliation.run(spec: spec, databasePath: db, workspaceRoot: workspace)
            let result = outcome.result
            print(result.isClean
                ? "reconcile: clean · \(result.oldReceipts) receipts on both sides"
                : "reconcile: \(result.exceptionCount) difference(s) · old \(result.oldReceipts), new \(result.newReceipts) receipts")
            for exception in result.receiptExceptions.prefix(20) { print("  \(exception.kind.rawValue): \(exception.detail)") }
            for exception in result.balanceExceptions.prefix(20) {
                print("  card_balance: \(exception.store) \(PIIMask.text(exception.card)): \(exception.detail)")
            }
            print(outcome.cutover.detail)
            print("report: \(outcome.reportHTML)\n        \(outcome.reportJSON)")
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            // Whatever stopped it, the comparison did not run: exit 2, as the exit-code contract says.
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
