import Foundation
import SalonCore

/// Runs one reader over mutants of its seeds for a time budget, on a worker thread the caller
/// watches: a mutant that runs past the deadline is a hang; one that throws anything but a
/// `SalonError`, breaks an event invariant or grows resident memory past the bound is a finding.
/// The mutant being read always sits in `current.<ext>` under the output folder, so even a crash
/// leaves it behind; findings are copied beside it under their own names.
final class ReaderFuzzer: @unchecked Sendable {
    struct Finding: CustomStringConvertible {
        var seedFile: String
        var mutant: Int
        var savedAt: String
        var problem: String
        var description: String { "mutant #\(mutant) of \(seedFile): \(problem) (saved at \(savedAt))" }
    }

    struct Summary {
        var mutants = 0
        var records = 0
        var rejects = 0
        var warnings = 0
        /// Files the reader refused whole with a `SalonError`.
        var refusals = 0
        var findings: [Finding] = []
    }

    let target: FuzzTarget
    let settings: FuzzSettings
    let directory: String

    private let lock = NSLock()
    private var summary = Summary()
    private var running: (mutant: Int, seed: String, since: Date)?
    private var finished = false
    private var stopRequested = false

    init(target: FuzzTarget, settings: FuzzSettings) {
        self.target = target
        self.settings = settings
        directory = settings.outputDirectory + "/" + target.name
    }

    private var currentPath: String { directory + "/current." + target.fileExtension }

    /// Fuzzes for the target's share of the budget and returns what happened.
    func run() async throws -> Summary {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let seedFiles = target.seedFiles()
        let seeds = try seedFiles.map { try Array(Data(contentsOf: URL(fileURLWithPath: $0))) }
        let worker = Thread { [self] in work(seedFiles: seedFiles, seeds: seeds) }
        worker.stackSize = 8 << 20
        worker.start()
        while true {
            try await Task.sleep(nanoseconds: 20_000_000)
            let hang: (mutant: Int, seed: String, seconds: Double)? = lock.withLock {
                if finished { return nil }
                guard let running, -running.since.timeIntervalSinceNow > settings.mutantDeadline else { return nil }
                stopRequested = true
                return (running.mutant, running.seed, -running.since.timeIntervalSinceNow)
            }
            if let hang {
                // The worker cannot be stopped; it is left behind and the test fails.
                let saved = save(mutant: hang.mutant, label: "hang")
                return lock.withLock {
                    summary.findings.append(
                        Finding(
                            seedFile: hang.seed, mutant: hang.mutant, savedAt: saved,
                            problem: "no end after \(Int(hang.seconds)) s (hang)"))
                    return summary
                }
            }
            if lock.withLock({ finished }) { return lock.withLock { summary } }
        }
    }

    private func work(seedFiles: [String], seeds: [[UInt8]]) {
        defer { lock.withLock { finished = true } }
        guard !seeds.isEmpty else { return }
        var random = FuzzRandom(seed: settings.seed ^ Self.hash(target.name))
        let mutator = FuzzMutator(seeds: seeds, tokens: FuzzTokens.common + target.tokens)
        let end = Date().addingTimeInterval(settings.secondsPerTarget)
        let baseline = Self.residentBytes()
        var mutant = 0
        while Date() < end, !lock.withLock({ stopRequested }) {
            let seedIndex = Int.random(in: 0..<seeds.count, using: &random)
            let bytes = mutator.mutate(seedIndex, using: &random)
            let seedName = URL(fileURLWithPath: seedFiles[seedIndex]).lastPathComponent
            guard FileManager.default.createFile(atPath: currentPath, contents: Data(bytes)) else { return }
            lock.withLock { running = (mutant, seedName, Date()) }
            var problem = read(size: bytes.count)
            lock.withLock { running = nil }
            if problem == nil, let baseline, let now = Self.residentBytes(), now - baseline > settings.maxRSSGrowth {
                problem = "resident memory grew by \((now - baseline) >> 20) MiB"
            }
            if let problem {
                let saved = save(mutant: mutant, label: "finding")
                lock.withLock {
                    summary.findings.append(Finding(seedFile: seedName, mutant: mutant, savedAt: saved, problem: problem))
                }
            }
            mutant += 1
            lock.withLock { summary.mutants = mutant }
        }
    }

    /// Reads the current mutant to the end; returns what was wrong, or nil.
    private func read(size: Int) -> String? {
        let path = currentPath
        var reader: any RecordReader
        do {
            reader = try target.open(path)
        } catch let error as SalonError {
            lock.withLock { summary.refusals += 1 }
            return error.message.isEmpty ? "refused with an empty message" : nil
        } catch {
            return "open threw \(type(of: error)), not a SalonError: \(error)"
        }
        var counts = (records: 0, rejects: 0, warnings: 0)
        defer {
            lock.withLock {
                summary.records += counts.records
                summary.rejects += counts.rejects
                summary.warnings += counts.warnings
            }
        }
        do {
            while let event = try reader.next() {
                if counts.records + counts.rejects + counts.warnings > size + 2 {
                    return "more events than the file has bytes"
                }
                if let problem = Self.check(event, path: path) { return problem }
                switch event {
                case .record: counts.records += 1
                case .reject: counts.rejects += 1
                case .warning: counts.warnings += 1
                }
            }
        } catch let error as SalonError {
            lock.withLock { summary.refusals += 1 }
            return error.message.isEmpty ? "stopped with an empty message" : nil
        } catch {
            return "next() threw \(type(of: error)), not a SalonError: \(error)"
        }
        return nil
    }

    /// The event invariant: a record fits its schema, a reject or warning has a reason code and a
    /// message, and every event says where in this file it comes from.
    static func check(_ event: ReaderEvent, path: String) -> String? {
        switch event {
        case .record(let record):
            if record.values.count != record.schema.columns.count {
                return "a record has \(record.values.count) values for \(record.schema.columns.count) columns"
            }
            return location(record.provenance, path: path)
        case .reject(let reject):
            if reject.code.rawValue.isEmpty || reject.message.isEmpty { return "a reject without a reason code or message" }
            return location(reject.provenance, path: path).map { "reject \(reject.code): \($0)" }
        case .warning(let warning):
            if warning.code.rawValue.isEmpty || warning.message.isEmpty { return "a warning without a reason code or message" }
            return location(warning.provenance, path: path).map { "warning \(warning.code): \($0)" }
        }
    }

    private static func location(_ provenance: Provenance, path: String) -> String? {
        if provenance.file != path { return "provenance names \(provenance.file)" }
        if provenance.line < 1 { return "provenance line \(provenance.line)" }
        return nil
    }

    /// Copies the current mutant to a name of its own and returns the path.
    private func save(mutant: Int, label: String) -> String {
        let saved = "\(directory)/\(label)-\(mutant).\(target.fileExtension)"
        try? FileManager.default.removeItem(atPath: saved)
        try? FileManager.default.copyItem(atPath: currentPath, toPath: saved)
        return saved
    }

    /// Resident set size from /proc/self/statm; nil where there is no /proc.
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// FNV-1a, so each reader draws its own mutant sequence from one run seed.
    static func hash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
