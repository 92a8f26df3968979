import Foundation

extension CRMDatabase {
    public func recordAudit(action: String, subject: String, detail: String, runID: String?, at: Date) throws {
        try AuditLog.record(connection, action: action, subject: subject, detail: detail, runID: runID, at: at)
    }
}

extension PostgresCRMDatabase {
    /// Appends one entry to `audit_log`, with the fields `AuditLog.record` writes on SQLite; the
    /// table's trigger refuses updates and deletes here as well.
    public func recordAudit(action: String, subject: String, detail: String, runID: String?, at: Date) throws {
        try connection.execute(
            "INSERT INTO audit_log (at, os_user, action, subject, detail, run_id) VALUES ($1, $2, $3, $4, $5, $6)",
            [AuditLog.timestamp(at), AuditLog.osUser, action, subject, detail, runID])
    }

    /// Open review items whose customers are both still customers of their own, as on SQLite.
    public func openReviewPairs() throws -> [ReviewPair] {
        try KeyRing.openSealed(connection.query(ReviewPair.openPairsQuery), with: keyRing).map(ReviewPair.init(row:))
    }
}
