import Foundation
import SalonStore

/// The full report of one `salon-etl import`, written to `<workspace>/<import-id>/import.json`.
/// Each imported file also has its own run folder with the usual run report and reject files.
public struct ImportReport: Sendable, Codable {
    public enum FileStatus: String, Sendable, Codable {
        /// Read and published in one transaction.
        case imported
        /// Read and published, but it ends inside a line: the receipt it cut was held back.
        case incomplete
        /// Its content was already imported (under this or another name).
        case alreadyImported = "already_imported"
        /// Its content was imported before and was cut then too: nothing new to take from it.
        case alreadyIncomplete = "already_incomplete"
        /// The run failed; the database is as before the file.
        case failed
    }

    public struct FileEntry: Sendable, Codable {
        public var sourceID: String
        public var path: String
        public var sha256: String
        public var fileDate: String?
        public var status: FileStatus
        public var runID: String?
        public var recordsIn = 0
        public var loaded = 0
        public var merged = 0
        public var rejected = 0
        public var rejectRate = 0.0
        public var cutAt: String?
        /// Lines of the cut receipt held back for the next export.
        public var heldLines = 0
        public var receiptsInserted: Int64 = 0
        public var receiptsUpdated: Int64 = 0
        public var corrections: Int64 = 0
        public var movementsChanged: Int64 = 0
        public var pointMovementsChanged: Int64 = 0
        /// Lines with points but no card number: the points are on the line, no card earns them.
        public var pointsWithoutCard: Int64 = 0
        public var customersInserted: Int64 = 0
        public var reviewItemsInserted: Int64 = 0
        public var seconds = 0.0
        public var runReport: String?
        public var error: String?
    }

    public var importID: String
    public var pipeline: String
    public var database: String
    public var startedAt: String
    public var finishedAt = ""
    public var backfill: String?
    public var staleLockCleared: String?
    public var maxRejectRate: Double
    public var files: [FileEntry] = []
    /// Folders of earlier imports deleted under `import.keep_runs_days`.
    public var prunedImportFolders: [String] = []
    public var exitCode: Int32 = 0
    public var seconds = 0.0
    /// Rows in the CRM tables once the import is done; nil when it imported nothing.
    public var databaseTotals: [String: Int64]?

    public func count(_ status: FileStatus) -> Int { files.filter { $0.status == status }.count }

    public var linesIn: Int { files.reduce(0) { $0 + $1.recordsIn } }

    /// Lines read per second over the whole import, skipped files included in the time.
    public var linesPerSecond: Double { seconds > 0 ? (Double(linesIn) / seconds).rounded() : 0 }

    /// One line for cron mail: what happened, and where the full report is.
    public func summaryLine(reportPath: String) -> String {
        let imported = count(.imported) + count(.incomplete)
        let skipped = count(.alreadyImported) + count(.alreadyIncomplete)
        var parts = ["import \(pipeline): \(imported) file\(imported == 1 ? "" : "s") imported, \(skipped) skipped (already imported)"]
        if count(.incomplete) > 0 { parts.append("\(count(.incomplete)) cut short (held back)") }
        if count(.failed) > 0 { parts.append("\(count(.failed)) FAILED") }
        let receipts = files.reduce(Int64(0)) { $0 + $1.receiptsInserted }
        let corrections = files.reduce(Int64(0)) { $0 + $1.corrections }
        let rejected = files.reduce(0) { $0 + $1.rejected }
        parts.append("\(linesIn) lines, \(receipts) new receipts, \(corrections) corrections, \(rejected) rejected")
        if exitCode == 1 { parts.append("rejects over \(maxRejectRate) in a file") }
        if let stale = staleLockCleared { parts.append("cleared stale lock (\(stale))") }
        if !prunedImportFolders.isEmpty {
            parts.append("deleted \(prunedImportFolders.count) earlier import folder\(prunedImportFolders.count == 1 ? "" : "s") (import.keep_runs_days)")
        }
        parts.append(String(format: "%.2f s", seconds))
        return parts.joined(separator: "; ") + "; report \(reportPath)"
    }

    func write(to path: String) throws {
        try PrivateFile.write(try RunReport.makeEncoder().encode(self), to: path)
    }
}
