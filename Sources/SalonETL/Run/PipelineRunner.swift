import Foundation
import SalonCore
import SalonNormalizers
import SalonReaders
import SalonStore
import SalonValidation

/// Runs a pipeline: read → normalize → resolve → stage → validate (gate) → publish.
///
/// Records stream through one at a time; the staging database and the identity index are the only
/// things that grow, and the index grows with customers, not bytes. Publishing is one transaction,
/// so a failed gate or a killed run leaves the CRM database as it was; the validators and the sample
/// re-check may run beside the publish, which then commits only once they have passed the gate.
public final class PipelineRunner {
    public let spec: PipelineSpec
    public let options: RunOptions

    /// Exit codes of `salon-etl run`.
    public enum ExitCode {
        public static let published: Int32 = 0
        public static let gateFailed: Int32 = 1
        public static let configuration: Int32 = 2
        public static let runtime: Int32 = 3
    }

    public init(spec: PipelineSpec, options: RunOptions) {
        self.spec = spec
        self.options = options
    }

    /// Checks what can be checked before reading any data: target, sources present, readers known,
    /// and the CRM keys a publish that encrypts phones needs (found missing now, not after every
    /// source has been read and staged: an hour, for a chain).
    /// - Throws: `SalonError(.configuration)` or `.unsupported`, naming the file and key.
    public func preflight() throws {
        for source in spec.sources where SourceFiles.expand(source.read.path).isEmpty {
            throw SalonError(
                .configuration, "no file matches '\(source.read.path)'", location: "\(source.location).read.path",
                fix: "paths are relative to the pipeline file's folder (\(spec.baseDirectory))")
        }
        if !options.dryRun, spec.encryptPhones { _ = try RunState.requiredKeys() }
    }

    public func run() throws -> RunOutcome {
        try preflight()
        var state = try RunState(spec: spec, options: options)
        do {
            try state.stageAllSources()
            return try state.finish()
        } catch let error as SalonError where error.code == .configuration {
            throw error
        } catch {
            return try state.fail(error)
        }
    }
}

typealias CustomerReadAhead = ReadAhead<CustomerColumnBinding, CustomerRecordNormalizer.Output>

/// The mutable state of one run.
struct RunState {
    let spec: PipelineSpec
    let options: RunOptions
    let runID: String
    let startedAt: Date
    let startNanos: UInt64
    let workspace: String
    let databasePath: String
    let staging: StagingStore
    let rejectWriter: RejectFileWriter
    let progress: ProgressLine
    /// Masked, or unmasked for a `--show-pii` run: the one switch for everything written.
    let pii: PIIDisplay
    let audit: RunAudit
    var consentWithheld: RunReport.ConsentSummary?
    var index = IdentityIndex()
    /// Whether the records kept apart in a PostgreSQL target could not be read at the start.
    var keptApartUnread = false
    var tallies: [SourceTally] = []
    var fileSummaries: [[RunReport.FileSummary]] = []
    var rejectsByReason: [String: Int] = [:]
    var warningsByReason: [String: Int] = [:]
    var rejectExamples: [RunReport.RejectExample] = []
    var reviewItems: [RunReport.ReviewItem] = []
    var tagsByCode: [String: Int] = [:]
    var mergesByMatch: [String: Int] = [:]
    var allergies: [RunReport.SafetyTag] = []
    var chat = ChatRunStats()
    var chatWriter: ChatStagingWriter?
    var sample: RunReport.SampleSummary?
    var clock = StageClock()
    /// Created by the first receipt source.
    var receiptStager: ReceiptStager?
    var validation = ValidationRun()
    var stagingPath: String { "\(workspace)/staging.sqlite" }

    init(spec: PipelineSpec, options: RunOptions) throws {
        self.spec = spec
        self.options = options
        startedAt = Date()
        startNanos = monotonicNanos()
        runID = options.runID ?? Self.makeRunID(at: startedAt)
        let root = options.workspaceRoot ?? spec.workspace
        workspace = "\(root)/\(runID)"
        if let override = options.databasePath {
            databasePath = override
        } else {
            switch spec.target {
            case .sqlite(let path): databasePath = path
            case .postgres(let url): databasePath = url
            }
        }
        pii = PIIDisplay(showsPII: options.showPII)
        // Before anything is written: a --show-pii run is on record first, or does not run.
        audit = try RunAudit(
            databasePath: databasePath, runID: runID, pipeline: spec.name, startedAt: startedAt, showPII: options.showPII,
            open: { [spec, options, databasePath] in try Self.openTarget(spec: spec, options: options, databasePath: databasePath) })
        do {
            try PrivateFile.createDirectory(root)
            try PrivateFile.createDirectory(workspace)
        } catch {
            throw SalonError(.io, "cannot create the run workspace", location: workspace, fix: "check permissions or pass --workspace DIR", cause: error)
        }
        staging = try StagingStore(path: "\(workspace)/staging.sqlite")
        (index, keptApartUnread) = try Self.makeIdentityIndex(spec: spec, options: options, databasePath: databasePath)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: "\(workspace)/staging.sqlite")
        rejectWriter = try RejectFileWriter(jsonlPath: "\(workspace)/rejects.jsonl", csvPath: "\(workspace)/rejects.csv", pii: pii)
        progress = ProgressLine(enabled: options.showProgress && isatty(STDERR_FILENO) == 1)
    }

    static func makeRunID(at date: Date) -> String {
        let suffix = String(UInt32.random(in: 0...0xFFFF), radix: 16)
        return "\(runIDTimeFormatter().string(from: date))-\(String(repeating: "0", count: 4 - suffix.count))\(suffix)"
    }

    /// When a run or import started, read back from an id `makeRunID` made; nil for any other text.
    static func startDate(ofRunID id: Substring) -> Date? {
        let parts = id.split(separator: "-")
        guard parts.count == 2, parts[1].count == 4, parts[1].allSatisfy(\.isHexDigit) else { return nil }
        return runIDTimeFormatter().date(from: String(parts[0]))
    }

    /// The UTC time at the head of a run id (`20240302T021000Z`).
    private static func runIDTimeFormatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter
    }

    mutating func stageAllSources() throws {
        let tagMapper = try spec.tagVocabularyPath.map(PipelineLoader.loadTagMapper(path:))
        for source in spec.sources {
            var tally = SourceTally(sourceID: source.id)
            var summaries: [RunReport.FileSummary] = []
            var normalizer = CustomerRecordNormalizer(
                storeCode: source.store, phoneRegion: PhoneRegion(rawValue: source.phoneRegion) ?? .cn, tagMapper: tagMapper)
            normalizer.keyingScreen = PaperIntakeSource.keyingScreen(for: source)
            for path in SourceFiles.expand(source.read.path) {
                let display = SourceFiles.displayPath(path, base: spec.baseDirectory)
                var opened: OpenedSource
                do {
                    opened = try SourceReaderFactory.open(path: path, displayPath: display, source: source)
                } catch let error as SalonError {
                    throw SalonError(error.code == .io ? .io : .configuration, error.message, location: display, fix: error.fix, cause: error.cause)
                }
                tally.files.append(display)
                let recordsBefore = tally.recordsIn
                if source.entity == .chat {
                    try stageChatFile(&opened, source: source, tagMapper: tagMapper, tally: &tally)
                } else if source.entity == .receipts {
                    let cutBefore = rejectsByReason[ReasonCode.posTruncatedLine.rawValue] ?? 0
                    try stageReceiptFile(opened, display: display, source: source, tally: &tally)
                    if options.importing != nil, rejectsByReason[ReasonCode.posTruncatedLine.rawValue] ?? 0 > cutBefore {
                        try holdBackCutReceipt(display: display, tally: &tally)
                    }
                } else {
                    try stageFile(&opened, display: display, source: source, normalizer: normalizer, tally: &tally)
                }
                tally.bytes += opened.fileSize
                opened.summary.records = tally.recordsIn - recordsBefore
                let fingerprintStart = monotonicNanos()
                opened.summary.sha256 = FileFingerprint.sha256Hex(ofFileAt: path)
                opened.summary.sizeBytes = opened.fileSize
                _ = clock.add("read", since: fingerprintStart)
                summaries.append(opened.summary)
            }
            tallies.append(tally)
            fileSummaries.append(summaries)
        }
        progress.finish()
        // Every record is resolved: release the identity index before publishing needs memory.
        index = IdentityIndex()
        let start = monotonicNanos()
        try staging.commit()
        _ = clock.add("resolve", since: start)
    }

    /// Reads a file in batches: a read-ahead thread reads and normalizes (normalizers are pure)
    /// while this thread resolves and stages each batch's records one by one in file order, so the
    /// result does not depend on how many workers did the work (`RunOptions.workers`).
    private mutating func stageFile(
        _ opened: inout OpenedSource, display: String, source: PipelineSpec.Source,
        normalizer: CustomerRecordNormalizer, tally: inout SourceTally
    ) throws {
        var bindings: [ObjectIdentifier: CustomerColumnBinding] = [:]
        let readAhead = CustomerReadAhead(
            reader: opened.reader, bytesRead: opened.bytesRead, display: display, workers: options.workers,
            binder: { record in try Self.binding(for: record, source: source, display: display, cache: &bindings) },
            normalize: { record, binding in normalizer.normalize(record, binding: binding) })
        defer { readAhead.cancel() }
        var mark = monotonicNanos()
        while let batch = try readAhead.next() {
            mark = account(batch.readNanos, batch.normalizeNanos, since: mark)
            try stage(batch: batch.items, outputs: batch.outputs, tally: &tally)
            mark = clock.add("resolve", since: mark)
            progress.update(stage: "reading \(source.id)", done: batch.bytesRead, total: opened.fileSize, records: tally.recordsIn)
        }
    }

    /// Books a read-ahead batch's time. With a read-ahead thread, "read" and "normalize" are that
    /// thread's busy time and "waiting" is how long staging waited for it.
    mutating func account(_ readNanos: UInt64, _ normalizeNanos: UInt64, since mark: UInt64) -> UInt64 {
        var now = mark
        if options.workers > 1 { now = clock.add("waiting", since: mark) }
        clock.add("read", nanos: readNanos)
        clock.add("normalize", nanos: normalizeNanos)
        return options.workers > 1 ? now : monotonicNanos()
    }

    /// Accounts for and stages one normalized batch, in order.
    private mutating func stage(batch: [CustomerReadAhead.Item], outputs: [CustomerRecordNormalizer.Output?], tally: inout SourceTally) throws {
        for (item, output) in zip(batch, outputs) {
            switch item {
            case .record(let record, let binding):
                tally.recordsIn += 1
                noteBalance(of: record, binding: binding, output: output!, sourceID: tally.sourceID)
                try stage(output!, tally: &tally)
            case .reject(let reject):
                tally.recordsIn += 1
                tally.rejected += 1
                try handle(reject)
            case .warning(let warning):
                tally.warnings += 1
                warningsByReason[warning.code.rawValue, default: 0] += 1
            }
        }
    }

    /// The column binding for a record's header, bound once per file (or sheet).
    private static func binding(
        for record: Record, source: PipelineSpec.Source, display: String, cache: inout [ObjectIdentifier: CustomerColumnBinding]
    ) throws -> CustomerColumnBinding {
        let schemaID = ObjectIdentifier(record.schema)
        if let known = cache[schemaID] { return known }
        switch CustomerColumnBinding.bind(mapping: source.columns, schema: record.schema) {
        case .success(let bound):
            cache[schemaID] = bound
            return bound
        case .failure(let missing):
            let sheet = record.provenance.sheet.map { " sheet \($0)" } ?? ""
            throw SalonError(
                .configuration, missing.message, location: "\(display)\(sheet) (header line \(record.provenance.line - 1))",
                fix: "add the file's header names to \(source.location).columns")
        }
    }

    /// Resolves one normalized record against the identity index and stages it.
    private mutating func stage(_ output: CustomerRecordNormalizer.Output, tally: inout SourceTally) throws {
        for reject in output.rejects {
            try handle(reject)
            if !reject.wholeRecord { tally.fieldRejects += 1 }
        }
        guard let candidate = output.candidate else {
            tally.rejected += 1
            return
        }
        let resolution = index.resolve(candidate)
        switch resolution.decision {
        case .merge(let stagingID, let matchedOn):
            try staging.mergeCustomer(
                candidate, into: stagingID, reason: "same_phone", matchedOn: matchedOn, score: resolution.score?.roundedScore,
                explanation: resolution.score?.explanation)
            try staging.recordConsent(of: candidate, stagingID: stagingID)
            try recordKeyingReviews(output.keyingReviews, of: candidate, stagingID: stagingID)
            index.register(candidate, stagingID: stagingID)
            index.fillNames(from: candidate, stagingID: stagingID)
            tally.merged += 1
        case .new(let key, let matchByPhone, let reviewWith):
            let stagingID = try staging.addCustomer(candidate, customerKey: key, matchByPhone: matchByPhone)
            try staging.recordConsent(of: candidate, stagingID: stagingID)
            try recordKeyingReviews(output.keyingReviews, of: candidate, stagingID: stagingID)
            if let other = reviewWith {
                index.registerSplit(customerKey: key, stagingID: stagingID, candidate: candidate)
                let reason = resolution.reviewReason
                let detail = reason == "low_match_score"
                    ? "\(candidate.provenance.location): matches an earlier record below the auto-merge score"
                    : "\(candidate.provenance.location): shares a phone with an earlier record but the names differ"
                try staging.addReviewItem(
                    stagingID: stagingID, otherStagingID: other, reason: reason, detail: detail,
                    score: resolution.score?.roundedScore, explanation: resolution.score?.explanation)
                if reviewItems.count < 200 {
                    reviewItems.append(.init(reason: reason, detail: detail))
                }
            } else {
                index.register(candidate, stagingID: stagingID)
            }
            tally.loaded += 1
        }
    }

    mutating func handle(_ reject: Reject) throws {
        rejectsByReason[reject.code.rawValue, default: 0] += 1
        try rejectWriter.write(reject)
        try staging.addReject(reject)
        if rejectExamples.count < 200, rejectsByReason[reject.code.rawValue, default: 0] <= 10 {
            rejectExamples.append(.init(
                code: reject.code.rawValue, location: reject.provenance.location, column: reject.column,
                message: reject.message, originalText: pii.keyed(reject.originalText)))
        }
    }

    /// Tag counts and the allergy list, read back from staging for the report.
    func tagSummary() throws -> (byCode: [String: Int], allergies: [RunReport.SafetyTag]) {
        var byCode: [String: Int] = [:]
        for row in try staging.connection.query("SELECT code, COUNT(*) FROM stg_tags GROUP BY code") {
            byCode[row[0].text ?? ""] = Int(row[1].int ?? 0)
        }
        let allergies = try staging.connection.query("""
            SELECT t.code, t.value, t.matched_text, t.needs_review, t.source_file, t.record_key, c.customer_key
            FROM stg_tags t JOIN stg_customers c ON c.staging_id = t.staging_id
            WHERE t.is_safety = 1 ORDER BY t.rowid LIMIT 1000
            """).map { row in
            RunReport.SafetyTag(
                code: row[0].text ?? "", value: row[1].text.flatMap { $0.isEmpty ? nil : pii.text($0) },
                matchedText: pii.text(row[2].text ?? ""), needsReview: row[3].int == 1,
                location: "\(row[4].text ?? ""):\(row[5].text ?? "")", customer: pii.text(row[6].text ?? ""))
        }
        return (byCode, allergies)
    }

    mutating func finish() throws -> RunOutcome {
        var mark = monotonicNanos()
        if spec.consent.requireForProfiling {
            let withheld = try staging.withholdProfilingTags()
            consentWithheld = .init(tagsWithheld: withheld.tags, customersWithheld: withheld.customers)
        }
        let tags = try tagSummary()
        tagsByCode = tags.byCode
        allergies = tags.allergies
        try addChatTags()
        for row in try staging.connection.query("SELECT matched_on, COUNT(*) FROM stg_merge_rows GROUP BY matched_on ORDER BY matched_on") {
            mergesByMatch[row[0].text ?? ""] = Int(row[1].int ?? 0)
        }
        mark = clock.add("validate", since: mark)
        let signoffWriter = spec.validate.sample.isEnabled ? try SignoffSheetWriter(workspace: workspace) : nil
        let spec = self.spec
        let recheckSample = { (connection: SQLiteConnection) in
            try SampleRecheck.run(spec: spec, staging: connection) { try signoffWriter?.add($0) }
        }
        let thresholds = GateThresholds(maxRejectRate: spec.validate.maxRejectRate)
        let tallies = self.tallies
        var validated: Validated?
        var recheck: SampleRecheckResult?
        func evaluateGate() -> GateResult {
            Gate.evaluate(
                tallies: tallies, thresholds: thresholds,
                extraChecks: (validated?.checks ?? []) + (recheck.map { $0.spec.isEnabled ? [$0.gateCheck] : [] } ?? []))
        }
        // The validators and the re-check only read staging (unless year corrections are applied,
        // which the validators write into staging first); the publish reads staging and writes the
        // CRM database. When the checks known before them have passed, they run on their own
        // thread beside the publish, on their own staging connections, and the publish transaction
        // commits only once the whole gate has passed: a failed check still publishes nothing.
        let besidePublish = !options.dryRun && options.workers > 1
        let validatorsBeside = besidePublish && evaluateGate().passed && !spec.validate.checks.applyYearCorrections
        if !validatorsBeside {
            validated = try runValidators()
            mark = clock.add("validators", since: mark)
        }
        let recheckBeside = besidePublish && evaluateGate().passed && spec.validate.sample.isEnabled
        if !recheckBeside {
            recheck = try recheckSample(staging.connection)
            mark = clock.add("recheck", since: mark)
        }
        var gate = evaluateGate()
        try rejectWriter.close()

        var status: RunReport.Status
        var publish: PublishSummary?
        var databaseTotals: [String: Int64]?
        if !gate.passed {
            status = .gateFailed
        } else if options.dryRun {
            status = .dryRun
        } else {
            progress.status("publishing \(totals.loaded + totals.merged) records to \(databasePath) in one transaction…")
            defer { progress.finish() }
            let database = try openTarget()
            try checkKeptApartWereRead(database)
            let audit = self.audit, runID = self.runID, startedAt = Self.timestamp(self.startedAt)
            func recordStart() throws {
                try audit.adopt(database)
                try database.recordRunStart(runID: runID, pipeline: spec.name, startedAt: startedAt)
            }
            // Beside the checks, the run is recorded inside the publish transaction once the gate
            // has passed, so a failed check leaves the database byte for byte as it was.
            let checksBeside = validatorsBeside || recheckBeside
            if !checksBeside { try recordStart() }
            let sourceFiles = zip(spec.sources, fileSummaries).flatMap { source, files in
                files.compactMap { file in
                    file.sha256.map {
                        CRMDatabase.SourceFile(
                            sourceID: source.id, path: file.path, sha256: $0, size: file.sizeBytes ?? 0, encoding: file.encoding)
                    }
                }
            }
            let imported = try importedFileRecord()
            var background: BackgroundWork<ChecksBeside>?
            if checksBeside {
                try database.prepareStaging(staging.connection)
                // The validators use the run's staging connection, which nothing else touches until
                // the publish has waited for them (the publish opens its own); the re-check opens its own.
                let validators: RunState? = validatorsBeside ? self : nil
                let connection = try recheckBeside ? SQLiteConnection(path: stagingPath, readOnly: true) : nil
                // The re-check's sorts and sample table spill to files: memory is the publish's.
                try connection?.execute("PRAGMA temp_store = FILE")
                background = BackgroundWork(name: "salon-etl.checks") {
                    var done = ChecksBeside()
                    var start = monotonicNanos()
                    if var validators {
                        done.validated = try validators.runValidators()
                        done.validatorsNanos = monotonicNanos() &- start
                        start = monotonicNanos()
                    }
                    if let connection {
                        done.recheck = try recheckSample(connection)
                        done.recheckNanos = monotonicNanos() &- start
                    }
                    return done
                }
                if validatorsBeside { clock.add("validators", nanos: 0) }
                if recheckBeside { clock.add("recheck", nanos: 0) }
            }
            defer { background?.waitIgnoringOutcome() }
            do {
                publish = try database.publish(
                    stagingPath: stagingPath, runID: runID, sourceFiles: sourceFiles, importing: imported,
                    derive: derivedFieldsPlan, matching: Self.matchRule(spec),
                    beforeCommit: {
                        guard let background else { return }
                        let done = try background.wait()
                        if let result = done.validated { validated = result }
                        if let result = done.recheck { recheck = result }
                        clock.add("validators", nanos: done.validatorsNanos)
                        clock.add("recheck", nanos: done.recheckNanos)
                        gate = evaluateGate()
                        guard gate.passed else { throw CheckBesidePublishFailed() }
                        try recordStart()
                    })
                try audit.published(publish!)
                // An import runs once per file: counting every CRM table after each file read whole
                // tables that grow with the import (on PostgreSQL 66 ms for 1.9 million lines, for
                // each of thousands of files). The import reports the totals once, at its end.
                if options.importing == nil { databaseTotals = try Self.totals(of: database) }
                try ReviewFileWriter.write(try database.openReviewPairs(), to: workspace)
                status = .published
                let totals = self.totals
                try database.recordRunEnd(
                    runID: runID, status: status.rawValue, finishedAt: Self.timestamp(Date()), recordsIn: totals.recordsIn,
                    loaded: totals.loaded, merged: totals.merged, rejected: totals.rejected,
                    changedRows: publish?.changedRows ?? 0, reportPath: "\(workspace)/report.json")
            } catch is CheckBesidePublishFailed {
                // Rolled back, the run's own entry in `runs` with it: only the workspace report tells.
                status = .gateFailed
            }
            mark = clock.add("load", since: mark)
        }
        if let signoffWriter, let recheck {
            let signoff = try signoffWriter.finish(recheck, pipeline: spec.name, runID: runID)
            sample = RunReport.SampleSummary(recheck, signoff: signoff)
        }
        try audit.ended(status: status.rawValue, totals: totals)
        var report = makeReport(status: status, gate: gate, publish: publish, databaseTotals: databaseTotals, error: nil)
        report.receipts = try receiptSummary(links: publish?.receipts?.links)
        report.validation = validated?.summary
        if status == .published && options.stagingRemovedWhenPublished { report.files.stagingRemoved = true }
        try write(report)
        let code = status == .gateFailed ? PipelineRunner.ExitCode.gateFailed : PipelineRunner.ExitCode.published
        return RunOutcome(report: report, exitCode: code)
    }

    typealias Validated = (checks: [GateCheck], summary: RunReport.ValidationSummary)

    /// What the validators and the re-check found beside the publish, and their busy time.
    private struct ChecksBeside {
        var validated: Validated?
        var validatorsNanos: UInt64 = 0
        var recheck: SampleRecheckResult?
        var recheckNanos: UInt64 = 0
    }

    /// Thrown inside the publish transaction when a check that ran beside it fails the gate.
    private struct CheckBesidePublishFailed: Error {}

    /// A runtime failure: the report says what happened; the CRM database is untouched because
    /// publishing is one transaction.
    mutating func fail(_ error: Error) throws -> RunOutcome {
        progress.finish()
        try? rejectWriter.close()
        let gate = GateResult(passed: false, checks: [GateCheck(name: "run_completed", passed: false, detail: "\(error)")])
        try? audit.ended(status: RunReport.Status.error.rawValue, totals: totals)
        let report = makeReport(status: .error, gate: gate, publish: nil, databaseTotals: nil, error: "\(error)")
        try? write(report)
        return RunOutcome(report: report, exitCode: PipelineRunner.ExitCode.runtime)
    }

    var totals: RunReport.Totals {
        var totals = RunReport.Totals()
        for tally in tallies {
            totals.recordsIn += tally.recordsIn
            totals.loaded += tally.loaded
            totals.merged += tally.merged
            totals.rejected += tally.rejected
            totals.fieldRejects += tally.fieldRejects
            totals.warnings += tally.warnings
        }
        return totals
    }

    static func totals(of database: CRMTarget) throws -> [String: Int64] {
        var result: [String: Int64] = [:]
        for table in ["customers", "customer_phones", "notes", "member_cards", "merges", "review_queue", "rejects", "stores",
                      "chat_messages", "appointments", "receipts", "receipt_lines"] {
            result[table] = try database.count(table: table)
        }
        return result
    }

    func makeReport(status: RunReport.Status, gate: GateResult, publish: PublishSummary?, databaseTotals: [String: Int64]?, error: String?) -> RunReport {
        let totalSeconds = Double(monotonicNanos() - startNanos) / 1e9
        let totals = self.totals
        let stages = clock.order.map { stage -> RunReport.StageTiming in
            let seconds = clock.seconds(stage)
            return RunReport.StageTiming(
                stage: stage, seconds: Self.milliseconds(seconds),
                recordsPerSecond: seconds > 0 ? (Double(totals.recordsIn) / seconds).rounded() : nil)
        }
        let sources = zip(spec.sources, zip(tallies, fileSummaries)).map { source, pair in
            RunReport.SourceSummary(
                id: source.id, store: source.store, files: pair.1, recordsIn: pair.0.recordsIn, loaded: pair.0.loaded,
                merged: pair.0.merged, rejected: pair.0.rejected, fieldRejects: pair.0.fieldRejects,
                warnings: pair.0.warnings, bytes: pair.0.bytes)
        }
        var report = RunReport(
            runID: runID, pipeline: spec.name, pipelineFile: spec.file, status: status,
            startedAt: Self.timestamp(startedAt), finishedAt: Self.timestamp(Date()),
            database: status == .published ? databasePath : nil, sources: sources, totals: totals,
            rejectsByReason: rejectsByReason, warningsByReason: warningsByReason, rejectExamples: rejectExamples,
            reviewItems: reviewItems, mergesByMatch: mergesByMatch, tagsByCode: tagsByCode, allergies: allergies, gate: gate, publish: publish,
            unchangedRerun: publish.map { $0.changedRows == 0 }, databaseTotals: databaseTotals,
            timings: .init(
                stages: stages, totalSeconds: Self.milliseconds(totalSeconds),
                recordsPerSecond: totalSeconds > 0 ? (Double(totals.recordsIn) / totalSeconds).rounded() : 0,
                peakRSSBytes: ResourceUsage.peakRSSBytes, cpuSeconds: Self.milliseconds(ResourceUsage.cpuSeconds)),
            files: .init(
                workspace: workspace, reportJSON: "\(workspace)/report.json", reportHTML: "\(workspace)/report.html",
                rejectsJSONL: "\(workspace)/rejects.jsonl", rejectsCSV: "\(workspace)/rejects.csv", staging: stagingPath),
            error: error.map(pii.text), sample: sample)
        report.chat = chatSummary(publish: publish?.chat)
        report.piiShown = pii.showsPII ? true : nil
        report.consent = consentWithheld
        return report
    }

    func write(_ report: RunReport) throws {
        let json = try report.jsonData()
        try PrivateFile.write(json, to: report.files.reportJSON)
        try PrivateFile.write(Data(HTMLReport.render(report).utf8), to: report.files.reportHTML)
        if let extra = options.reportJSONPath {
            try PrivateFile.write(json, to: extra)
        }
    }

    /// Timings are reported to the millisecond: more digits mean nothing, and a long run of them
    /// in a report can look like a phone number to anyone scanning it for personal data.
    static func milliseconds(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    static func timestamp(_ date: Date) -> String { AuditLog.timestamp(date) }
}
