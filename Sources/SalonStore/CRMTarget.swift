import Foundation

/// A CRM database a run publishes into: SQLite (`CRMDatabase`) or PostgreSQL
/// (`PostgresCRMDatabase`). Both apply the same schema and the same publish rules.
public protocol CRMTarget: SharedSQLReader {
    func recordRunStart(runID: String, pipeline: String, startedAt: String) throws
    /// `importing` is the file a periodic import publishes, `derive` the fields derived after
    /// the load, and `matching` the run's rule for candidate pairs (`resolve.auto_merge_at`, names
    /// folded as within the run), which also decides staged customers matching customers already
    /// in the database. `beforeCommit` runs last inside the publish transaction: when it throws,
    /// everything is rolled back and the error comes out of `publish` (the runner's late gate).
    func publish(
        stagingPath: String, runID: String, sourceFiles: [CRMDatabase.SourceFile], importing: ImportedFile?,
        derive: DerivedFieldsPlan?, matching: MatchRule, beforeCommit: () throws -> Void
    ) throws -> PublishSummary
    /// Builds what the publish needs on the staging database through the run's own staging
    /// connection, before anything reads staging beside the publish, which then only reads it.
    func prepareStaging(_ staging: SQLiteConnection) throws
    func recordRunEnd(
        runID: String, status: String, finishedAt: String, recordsIn: Int, loaded: Int, merged: Int,
        rejected: Int, changedRows: Int64, reportPath: String?) throws
    /// Rows in one CRM table; the name must be in `CRMTables.names`.
    func count(table: String) throws -> Int64
    /// Appends one entry to the audit log (`audit_log`, see `AuditLog`): nothing personal in
    /// `subject` or `detail`.
    func recordAudit(action: String, subject: String, detail: String, runID: String?, at: Date) throws
    /// Open review items whose customers are both still active, for the run's review file.
    func openReviewPairs() throws -> [ReviewPair]
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    func sharedTransaction<T>(_ body: () throws -> T) throws -> T
}

extension PostgresCRMDatabase: CRMTarget {}

extension CRMDatabase: CRMTarget {
    public func count(table: String) throws -> Int64 {
        guard CRMTables.names.contains(table) else {
            throw SQLiteError(resultCode: 1, message: "not a CRM table: \(table)", sql: nil)
        }
        return try connection.scalarInt("SELECT COUNT(*) FROM \(table)") ?? 0
    }
}
