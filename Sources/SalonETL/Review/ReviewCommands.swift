import Foundation
import SalonStore

/// The work behind `salon-etl review export`, `review apply` and `unmerge`; each returns the
/// text to print. Every change to the CRM database is one transaction, on SQLite or PostgreSQL.
public enum ReviewCommands {
    /// The CRM database a review command works on.
    public enum Database: Sendable {
        case sqlite(path: String)
        /// A PostgreSQL CRM (password from PGPASSWORD or ~/.pgpass, never in the URL).
        case postgres(url: String)

        /// `--postgres URL` when given, else the SQLite file at `--db`.
        public init(path: String, postgresURL: String?) {
            self = postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: path)
        }

        /// As named in messages: the path, or the URL without a password.
        var shown: String {
            switch self {
            case .sqlite(let path): path
            case .postgres(let url): PostgresURL.redacted(url)
            }
        }
    }

    /// An opened CRM database: the operations the review commands need, on either target.
    enum Opened {
        case sqlite(CRMDatabase)
        case postgres(PostgresCRMDatabase)

        var target: any CRMTarget {
            switch self {
            case .sqlite(let database): database
            case .postgres(let database): database
            }
        }
    }

    /// - Throws: `SalonError`: `.configuration` when no CRM database is there (or the URL carries
    ///   a password), `.database` when the server cannot be reached.
    static func open(_ database: Database) throws -> Opened {
        switch database {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                throw SalonError(
                    .configuration, "no CRM database at \(path)", location: path,
                    fix: "pass --db PATH (the pipeline's target.sqlite) or --postgres URL")
            }
            return .sqlite(try CRMDatabase(path: path))
        case .postgres(let url):
            return .postgres(try PostgresCRMDatabase.openExisting(url: url))
        }
    }

    /// Runs `body`, turning a PostgreSQL failure into a `SalonError` that names the database.
    static func reporting<T>(_ database: Database, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw SalonError(.database, "the PostgreSQL CRM database reported an error; nothing was changed", location: database.shown, cause: error)
        }
    }

    public static func export(_ database: Database, to directory: String) throws -> String {
        try reporting(database) {
            let pairs = try open(database).target.openReviewPairs()
            let written = try ReviewFileWriter.write(pairs, to: directory)
            return "\(pairs.count) open review items\nreview: \(written.csv)\n        \(written.html)"
        }
    }

    public static func apply(decisionsPath: String, _ database: Database) throws -> String {
        let decisions = try ReviewDecisionFile.read(path: decisionsPath)
        let summary = try reporting(database) {
            switch try open(database) {
            case .sqlite(let crm): try crm.applyReviewDecisions(decisions, operationID: "review:\(timestamp())")
            case .postgres(let crm): try crm.applyReviewDecisions(decisions, operationID: "review:\(timestamp())")
            }
        }
        return """
            decisions: \(decisions.count) read; \(summary.merged) merged, \(summary.separated) separated, \
            \(summary.alreadyDecided) already decided; \(summary.rowsMoved) rows moved
            """
    }

    public static func unmerge(customerID: Int64, _ database: Database) throws -> String {
        let summary = try reporting(database) {
            switch try open(database) {
            case .sqlite(let crm): try crm.unmerge(customerID: customerID, operationID: "unmerge:\(timestamp())")
            case .postgres(let crm): try crm.unmerge(customerID: customerID, operationID: "unmerge:\(timestamp())")
            }
        }
        let ids = summary.restoredCustomerIDs.map(String.init).joined(separator: ", ")
        return """
            customer \(customerID): \(summary.restoredCustomerIDs.count) merges undone; customers restored: \(ids); \
            \(summary.rowsMoved) rows moved; \(summary.survivorRestored ? "values restored to before the first merge" : "values unchanged")
            """
    }

    static func timestamp() -> String { AuditLog.timestamp(Date()) }
}
