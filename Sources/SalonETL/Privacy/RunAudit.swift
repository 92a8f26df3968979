import Foundation
import SalonCore
import SalonStore

/// One run's entries in the CRM database's audit log: start, `--show-pii`, publish, end.
///
/// A run is recorded when it publishes: a failed gate or a dry run leaves the database byte for byte
/// as it was (its report in the workspace says what happened). A `--show-pii` run always opens (or
/// creates) the database first: the use must be on record before a single unmasked byte is
/// written, and if it cannot be recorded the run does not start.
final class RunAudit {
    let databasePath: String
    let runID: String
    let pipeline: String
    let startedAt: Date
    private var target: CRMTarget?

    /// `open` opens the database the run publishes into (SQLite or PostgreSQL); it is called here
    /// only for a `--show-pii` run.
    init(
        databasePath: String, runID: String, pipeline: String, startedAt: Date, showPII: Bool, open: () throws -> CRMTarget
    ) throws {
        self.databasePath = databasePath
        self.runID = runID
        self.pipeline = pipeline
        self.startedAt = startedAt
        guard !databasePath.isEmpty, showPII else { return }
        do {
            try adopt(open())
            if showPII {
                try target?.recordAudit(
                    action: AuditLog.Action.piiView, subject: "run:\(runID)",
                    detail: "salon-etl run --show-pii: reports and reject files of this run are unmasked", runID: runID,
                    at: Date())
            }
        } catch {
            throw SalonError(
                .io, "cannot write the audit log\(showPII ? "; --show-pii is refused without it" : "")", location: databasePath,
                fix: "check that the database is writable", cause: error)
        }
    }

    /// Records the run's start in the database the run publishes into, if not done already.
    func adopt(_ target: CRMTarget) throws {
        let first = self.target == nil
        self.target = target
        if first {
            try target.recordAudit(
                action: AuditLog.Action.runStart, subject: "pipeline:\(pipeline)", detail: "", runID: runID, at: startedAt)
        }
    }

    /// Records a publish with what it changed.
    func published(_ summary: PublishSummary) throws {
        guard let target else { return }
        try target.recordAudit(
            action: AuditLog.Action.publish, subject: "pipeline:\(pipeline)",
            detail: "changed_rows=\(summary.changedRows) customers_inserted=\(summary.customersInserted) "
                + "customers_updated=\(summary.customersUpdated) phones_inserted=\(summary.phonesInserted) "
                + "notes_inserted=\(summary.notesInserted) tags_inserted=\(summary.tagsInserted) "
                + "merges_inserted=\(summary.mergesInserted) rejects_inserted=\(summary.rejectsInserted)",
            runID: runID, at: Date())
    }

    /// Records how the run ended, with its record counts.
    func ended(status: String, totals: RunReport.Totals) throws {
        guard let target else { return }
        try target.recordAudit(
            action: AuditLog.Action.runEnd, subject: "pipeline:\(pipeline)",
            detail: "status=\(status) records_in=\(totals.recordsIn) loaded=\(totals.loaded) merged=\(totals.merged) "
                + "rejected=\(totals.rejected)",
            runID: runID, at: Date())
    }
}
