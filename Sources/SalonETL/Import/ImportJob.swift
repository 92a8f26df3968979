import Foundation
import SalonCore
import SalonReaders
import SalonStore

/// The periodic POS import: `salon-etl import PIPELINE.yaml`, scheduled from cron or a systemd
/// timer over the exports each store's till drops every day.
///
/// Each source file not yet imported is one ordinary run of the pipeline restricted to that file
/// (same readers, normalizers, identity resolution, staging, gate and publish), and its publish is
/// one transaction that also records the file's fingerprint. So a file already imported under any
/// name is skipped, a killed import leaves the database as before or after each file and the next
/// import goes on from there, and nothing depends on dates: a late file is simply a new file.
/// Receipts are upserted by (store, receipt number); a later file's different version of a
/// receipt is a correction, kept with the version before it in `receipt_history`.
public final class ImportJob {
    public let spec: PipelineSpec
    public let options: ImportOptions

    /// Exit codes of `salon-etl import`, for schedulers.
    public enum ExitCode {
        public static let done: Int32 = 0
        public static let rejectsOverThreshold: Int32 = 1
        public static let configuration: Int32 = 2
        public static let failure: Int32 = 3
    }

    public init(spec: PipelineSpec, options: ImportOptions) {
        self.spec = spec
        self.options = options
    }

    /// The database the import writes: `--db`, the pipeline's sqlite target, or the URL of its
    /// postgres target.
    public func databasePath() throws -> String {
        if let path = options.databasePath { return path }
        switch spec.target {
        case .sqlite(let path): return path
        case .postgres(let url): return url
        }
    }

    /// The files to consider (an empty drop folder is a normal day, not an error), in pipeline source order and then name order: the sources' paths,
    /// or for a backfill the archived exports of the range's days.
    public func candidateFiles() throws -> [(source: PipelineSpec.Source, path: String, day: String?)] {
        var result: [(PipelineSpec.Source, String, String?)] = []
        for source in spec.sources {
            var pattern = source.read.path
            if options.backfill != nil, let archive = spec.importArchive {
                pattern = "\(archive)/\(URL(fileURLWithPath: source.read.path).lastPathComponent)"
            }
            for path in SourceFiles.expand(pattern) {
                let day = BackfillRange.day(inFileName: URL(fileURLWithPath: path).lastPathComponent)
                if let range = options.backfill {
                    guard let day, range.contains(day) else { continue }
                }
                result.append((source, path, day))
            }
        }
        return result
    }

    /// Runs the import. Configuration errors throw (exit 2); everything else ends in the report.
    /// On PostgreSQL the files' runs share their connections: one server session serves the
    /// whole import instead of three new ones for every file.
    public func run() throws -> (report: ImportReport, reportPath: String) {
        guard let url = postgresURL else { return try importFiles() }
        return try PostgresConnectionPool.shared.keepingConnections(to: url) { try importFiles() }
    }

    private func importFiles() throws -> (report: ImportReport, reportPath: String) {
        let start = monotonicNanos()
        let database = try databasePath()
        let candidates = try candidateFiles()
        // As a run does: missing keys are found before anything is read or written.
        if spec.encryptPhones { _ = try RunState.requiredKeys() }
        let importID = options.importID ?? RunState.makeRunID(at: Date())
        let root = "\(options.workspaceRoot ?? spec.workspace)/import-\(importID)"
        do {
            try PrivateFile.createDirectory(root)
        } catch {
            throw SalonError(.io, "cannot create the import workspace", location: root, fix: "check permissions or pass --workspace DIR", cause: error)
        }
        let lock = try takeLock(database: database)
        defer { lock.release() }
        var report = ImportReport(
            importID: importID, pipeline: spec.name, database: database, startedAt: RunState.timestamp(Date()),
            backfill: options.backfill?.description, staleLockCleared: lock.staleHolder,
            maxRejectRate: spec.validate.maxRejectRate)
        let known = try knownFiles(database: database)
        var seenThisImport = Set<String>()
        for (number, candidate) in candidates.enumerated() {
            let display = SourceFiles.displayPath(candidate.path, base: spec.baseDirectory)
            let sha = FileFingerprint.sha256Hex(ofFileAt: candidate.path) ?? ""
            var entry = ImportReport.FileEntry(
                sourceID: candidate.source.id, path: display, sha256: sha, fileDate: candidate.day, status: .imported)
            if let status = known[sha] ?? (seenThisImport.contains(sha) ? "complete" : nil) {
                entry.status = status == "complete" ? .alreadyImported : .alreadyIncomplete
                report.files.append(entry)
                continue
            }
            seenThisImport.insert(sha)
            let fileStart = monotonicNanos()
            try importFile(candidate, display: display, sha: sha, runID: "\(importID)-\(String(format: "%03d", number + 1))",
                           root: root, database: database, entry: &entry)
            entry.seconds = RunState.milliseconds(Double(monotonicNanos() - fileStart) / 1e9)
            report.files.append(entry)
            if entry.status == .failed { break }
        }
        if report.count(.failed) > 0 {
            report.exitCode = ExitCode.failure
        } else if report.files.contains(where: { $0.rejectRate > spec.validate.maxRejectRate }) {
            report.exitCode = ExitCode.rejectsOverThreshold
        }
        if report.count(.imported) + report.count(.incomplete) > 0 {
            report.databaseTotals = try? databaseTotals(database: database)
        }
        if let days = spec.importKeepRunsDays {
            report.prunedImportFolders = Self.pruneImportFolders(
                in: options.workspaceRoot ?? spec.workspace, olderThan: days, now: Date(), sparing: "import-\(importID)")
        }
        report.finishedAt = RunState.timestamp(Date())
        report.seconds = RunState.milliseconds(Double(monotonicNanos() - start) / 1e9)
        let path = "\(root)/import.json"
        try report.write(to: path)
        return (report, path)
    }

    /// Deletes the folders of earlier imports in `workspace` whose id says they started more than
    /// `days` days before `now`, and returns their names. Only folders named as an import names
    /// its own (`import-20240302T021000Z-3f2a`) are touched, never `sparing` (this import's).
    static func pruneImportFolders(in workspace: String, olderThan days: Int, now: Date, sparing: String) -> [String] {
        let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workspace)) ?? []
        var pruned: [String] = []
        for name in names.sorted() where name != sparing && name.hasPrefix("import-") {
            guard let started = RunState.startDate(ofRunID: name.dropFirst("import-".count)), started < cutoff else { continue }
            var isFolder: ObjCBool = false
            let path = "\(workspace)/\(name)"
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
                  (try? FileManager.default.removeItem(atPath: path)) != nil else { continue }
            pruned.append(name)
        }
        return pruned
    }

    /// What the CRM holds after the import, counted once rather than after every file.
    private func databaseTotals(database: String) throws -> [String: Int64] {
        let target: CRMTarget = try postgresURL.map { try PostgresCRMDatabase(url: $0) } ?? CRMDatabase(path: database)
        return try RunState.totals(of: target)
    }

        /// Fingerprints already imported, with their status (`complete` or `incomplete`).
    private func knownFiles(database: String) throws -> [String: String] {
        if let url = postgresURL { return try PostgresCRMDatabase(url: url).importedFiles() }
        guard FileManager.default.fileExists(atPath: database) else { return [:] }
        let crm = try CRMDatabase(path: database)
        var known: [String: String] = [:]
        for row in try crm.connection.query("SELECT sha256, status FROM import_files") {
            known[row[0].text ?? ""] = row[1].text ?? ""
        }
        return known
    }

    /// One file: one run of the pipeline restricted to it, publishing in one transaction.
    private func importFile(
        _ candidate: (source: PipelineSpec.Source, path: String, day: String?), display: String, sha: String, runID: String,
        root: String, database: String, entry: inout ImportReport.FileEntry
    ) throws {
        var fileSpec = spec
        var source = candidate.source
        source.read.path = candidate.path
        fileSpec.sources = [source]
        // The import publishes what it could read and reports rejects over the threshold by its
        // exit code: holding back a whole store-day for one bad line would lose more than it saves.
        fileSpec.validate.maxRejectRate = 1
        var runOptions = RunOptions(databasePath: postgresURL == nil ? database : nil, workspaceRoot: root, showProgress: false, runID: runID)
        let size = (try? FileManager.default.attributesOfItem(atPath: candidate.path)[.size] as? NSNumber)?.int64Value ?? 0
        runOptions.importing = ImportedFile(sourceID: source.id, path: display, sha256: sha, sizeBytes: size, fileDate: candidate.day)
        runOptions.stagingRemovedWhenPublished = true
        let outcome = try PipelineRunner(spec: fileSpec, options: runOptions).run()
        let run = outcome.report
        entry.runID = runID
        entry.runReport = run.files.reportJSON
        entry.recordsIn = run.totals.recordsIn
        entry.loaded = run.totals.loaded
        entry.merged = run.totals.merged
        entry.rejected = run.totals.rejected
        // A cut last line is not lost (its receipt comes with the next export), so it does not
        // count against the threshold.
        let cut = run.rejectsByReason[ReasonCode.posTruncatedLine.rawValue] ?? 0
        entry.rejectRate = run.totals.recordsIn > 0 ? Double(run.totals.rejected - cut) / Double(run.totals.recordsIn) : 0
        entry.heldLines = run.receipts?.mergedByReason["held_cut_receipt"] ?? 0
        guard outcome.exitCode == PipelineRunner.ExitCode.published, let publish = run.publish else {
            entry.status = .failed
            entry.error = run.error ?? "the run ended with status \(run.status.rawValue)"
            return
        }
        entry.receiptsInserted = publish.receipts?.receiptsInserted ?? 0
        entry.receiptsUpdated = publish.receipts?.receiptsUpdated ?? 0
        entry.corrections = publish.imported?.corrections ?? 0
        entry.movementsChanged = publish.imported?.movementsChanged ?? 0
        entry.pointMovementsChanged = publish.imported?.pointMovementsChanged ?? 0
        entry.pointsWithoutCard = publish.imported?.pointsWithoutCard ?? 0
        entry.customersInserted = publish.customersInserted
        entry.reviewItemsInserted = publish.reviewItemsInserted
        // The published file's staging database is its rows again, phones in plain text: kept, a
        // year of store-day files for 60 stores would be about 10 GB of unencrypted copies. The
        // reports and rejects stay; a failed file keeps its staging for diagnosis.
        let staging = run.files.staging
        for path in [staging, staging + "-journal", staging + "-wal", staging + "-shm"] {
            try? FileManager.default.removeItem(atPath: path)
        }
        if let cut = try cutLocation(database: database, sha: sha) {
            entry.status = .incomplete
            entry.cutAt = cut
        }
    }

    private func cutLocation(database: String, sha: String) throws -> String? {
        if let url = postgresURL {
            let connection = try PostgresConnectionPool.shared.take(url: url)
            defer { PostgresConnectionPool.shared.giveBack(connection) }
            return try connection.query("SELECT cut_at FROM import_files WHERE sha256 = $1", [sha]).first?.first ?? nil
        }
        let crm = try CRMDatabase(path: database)
        return try crm.connection.query("SELECT cut_at FROM import_files WHERE sha256 = ?1", [.text(sha)]).first?.first?.text
    }
}
