import Foundation
import SalonCore

/// The append-only audit log in the CRM database (`audit_log`, schema 007): who (OS user), when
/// and what, for runs, publishes, merges and unmerges, review decisions, key rotations, views of
/// unmasked personal data and erasures.
///
/// Triggers refuse UPDATE and DELETE on the table, so history cannot be rewritten through SQL.
/// Because an erasure never edits old rows, nothing personal may go into `subject` or `detail`:
/// use customer ids, counts and `PIIMask` output.
public enum AuditLog {
    /// Action names in use; other modules may record their own (keep them `noun.verb`, lower case).
    public enum Action {
        public static let runStart = "run.start"
        public static let runEnd = "run.end"
        public static let publish = "publish"
        public static let piiView = "pii.view"
        public static let erase = "customer.erase"
        public static let merge = "customer.merge"
        public static let unmerge = "customer.unmerge"
        public static let reviewDecision = "review.decision"
        public static let keyRotation = "key.rotate"
    }

    /// Appends one entry. Runs inside the caller's transaction when there is one, so an action and
    /// its audit row commit together.
    /// - Parameters:
    ///   - at: when it happened; now by default.
    /// - Throws: `SQLiteError` when the row cannot be written (the caller should then not go on).
    public static func record(
        _ connection: SQLiteConnection, action: String, subject: String = "", detail: String = "", runID: String? = nil,
        at: Date = Date()
    ) throws {
        try connection.execute(
            "INSERT INTO audit_log (at, os_user, action, subject, detail, run_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            [.text(timestamp(at)), .text(osUser), .text(action), .text(subject), .text(detail),
             runID.map(SQLiteValue.text) ?? .null])
    }

    /// Entries in order, optionally from a day or instant on (`2024-03-01` or a full timestamp) and
    /// for one action (or an action prefix ending in `.`, e.g. `run.`). One statement for SQLite
    /// and PostgreSQL, so `salon-etl audit` lists both the same way.
    public static func entries(_ database: some SharedSQLReader, since: String? = nil, action: String? = nil) throws -> [AuditEntry] {
        var conditions: [String] = []
        var parameters: [String?] = []
        if let since {
            parameters.append(since)
            conditions.append("at >= ?\(parameters.count)")
        }
        if let action {
            if action.hasSuffix(".") {
                // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
                parameters.append(action + "%")
                conditions.append("lower(action) LIKE lower(?\(parameters.count))")
            } else {
                parameters.append(action)
                conditions.append("action = ?\(parameters.count)")
            }
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try database.sharedQuery(
            "SELECT id, at, os_user, action, subject, detail, run_id FROM audit_log\(filter) ORDER BY id", parameters
        ).map { row in
            AuditEntry(
                id: row[0].flatMap { Int64($0) } ?? 0, at: row[1] ?? "", osUser: row[2] ?? "", action: row[3] ?? "",
                subject: row[4] ?? "", detail: row[5] ?? "", runID: row[6])
        }
    }

    /// The operating-system user: the login name of the effective uid, else $USER, else the uid.
    public static var osUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }

    /// ISO 8601 in Asia/Shanghai to the second (`2024-03-01T09:30:00+08:00`), as
    /// `ISO8601DateFormatter` writes it, like the run ledger, so entries sort as text.
    ///
    /// Written out here: an `ISO8601DateFormatter` costs about half a millisecond to create, and a
    /// periodic import stamps several rows for each of its files.
    public static func timestamp(_ date: Date) -> String {
        let offset = shanghai.secondsFromGMT(for: date)
        var local = time_t((date.timeIntervalSince1970 + Double(offset)).rounded(.down))
        var parts = tm()
        gmtime_r(&local, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        let year = String(parts.tm_year + 1900)
        let sign = offset < 0 ? "-" : "+"
        let minutes = Int32(abs(offset) / 60)
        return "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
            + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))\(sign)\(two(minutes / 60)):\(two(minutes % 60))"
    }

    private static let shanghai = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
}
