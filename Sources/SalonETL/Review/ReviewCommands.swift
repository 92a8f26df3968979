import Foundation
import SalonStore

/// The work behind `salon-etl review export`, `review apply` and `unmerge`; each returns the
/// text to print. Every change to the CRM database is one transaction.
public enum ReviewCommands {
    /// - Throws: `SalonError(.configuration)` when no database exists at `databasePath`.
    static func openDatabase(_ databasePath: String) throws -> CRMDatabase {
        guard FileManager.default.fileExists(atPath: databasePath) else {
            throw SalonError(
                .configuration, "no CRM database at \(databasePath)", location: databasePath,
                fix: "pass --db PATH (the pipeline's target.sqlite)")
        }
        return try CRMDatabase(path: databasePath)
    }

    public static func export(databasePath: String, to directory: String) throws -> String {
        _ = try openDatabase(databasePath)
        let written = try ReviewFileWriter.export(databasePath: databasePath, to: directory)
        return "\(written.items) open review items\nreview: \(written.csv)\n        \(written.html)"
    }

    public static func apply(decisionsPath: String, databasePath: String) throws -> String {
        let decisions = try ReviewDecisionFile.read(path: decisionsPath)
        let database = try openDatabase(databasePath)
        let summary = try database.applyReviewDecisions(decisions, operationID: "review:\(timestamp())")
        return """
            decisions: \(decisions.count) read; \(summary.merged) merged, \(summary.separated) separated, \
            \(summary.alreadyDecided) already decided; \(summary.rowsMoved) rows moved
            """
    }

    public static func unmerge(customerID: Int64, databasePath: String) throws -> String {
        let database = try openDatabase(databasePath)
        let summary = try database.unmerge(customerID: customerID, operationID: "unmerge:\(timestamp())")
        let ids = summary.restoredCustomerIDs.map(String.init).joined(separator: ", ")
        return """
            customer \(customerID): \(summary.restoredCustomerIDs.count) merges undone; customers restored: \(ids); \
            \(summary.rowsMoved) rows moved; \(summary.survivorRestored ? "values restored to before the first merge" : "values unchanged")
            """
    }

    static func timestamp() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: Date())
    }
}
