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
    /// for one action (or an action prefix ending in `.`, e.g. `run.`).
    public static func entries(_ connection: SQLiteConnection, since: String? = nil, action: String? = nil) throws -> [AuditEntry] {
        var sql = "SELECT id, at, os_user, action, subject, detail, run_id FROM audit_log WHERE 1"
        var arguments: [SQLiteValue] = []
        if let since {
            arguments.append(.text(since))
            sql += " AND at >= ?\(arguments.count)"
        }
        if let action {
            if action.hasSuffix(".") {
                arguments.append(.text(action + "%"))
                sql += " AND action LIKE ?\(arguments.count)"
            } else {
                arguments.append(.text(action))
                sql += " AND action = ?\(arguments.count)"
            }
        }
        return try connection.query(sql + " ORDER BY id", arguments).map { row in
            AuditEntry(
                id: row[0].int ?? 0, at: row[1].text ?? "", osUser: row[2].text ?? "", action: row[3].text ?? "",
                subject: row[4].text ?? "", detail: row[5].text ?? "", runID: row[6].text)
        }
    }

    /// The operating-system user: the login name of the effective uid, else $USER, else the uid.
    public static var osUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            return String(cString: name)
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }

    /// ISO 8601 in Asia/Shanghai, like the run ledger, so entries sort as text.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: date)
    }
}
