/// The few lines `salon-etl run` prints on stdout: the outcome, the counts, where the report is.
public enum Summary {
    public static func text(for report: RunReport) -> String {
        let t = report.totals
        var lines: [String] = []
        if report.piiShown == true {
            lines.append("PERSONAL DATA SHOWN UNMASKED in this run's report and reject files (--show-pii, recorded in the audit log)")
        }
        switch report.status {
        case .published:
            lines.append("published to \(report.database ?? "")")
        case .dryRun:
            lines.append("dry run: gate passed, nothing published")
        case .gateFailed:
            lines.append("gate FAILED: nothing published")
            for check in report.gate.checks where !check.passed {
                lines.append("  failed \(check.name): \(check.detail)")
            }
        case .error:
            lines.append("run FAILED: \(report.error ?? "unknown error"); the database was not changed")
        }
        lines.append("records: \(t.recordsIn) in = \(t.loaded) loaded + \(t.merged) merged + \(t.rejected) rejected (\(t.fieldRejects) field rejects, \(t.warnings) warnings)")
        if let publish = report.publish {
            lines.append(report.unchangedRerun == true
                ? "re-run: nothing in the database changed"
                : "changed rows: \(publish.changedRows) (customers +\(publish.customersInserted) ~\(publish.customersUpdated), phones +\(publish.phonesInserted), notes +\(publish.notesInserted))")
            if publish.existingCustomersMerged + publish.existingCustomersToReview > 0 {
                lines.append("matched customers already in the database: \(publish.existingCustomersMerged) merged, \(publish.existingCustomersToReview) sent to review")
            }
        }
        if let consent = report.consent {
            lines.append("consent: \(consent.tagsWithheld) preference tags of \(consent.customersWithheld) customers withheld (no profiling consent)")
        }
        let seconds = Int((report.timings.totalSeconds * 100).rounded())
        lines.append("time: \(seconds / 100).\(seconds % 100 < 10 ? "0" : "")\(seconds % 100) s, \(Int(report.timings.recordsPerSecond)) records/s")
        lines.append("report: \(report.files.reportHTML)")
        lines.append("        \(report.files.reportJSON)")
        if !report.rejectsByReason.isEmpty {
            lines.append("rejects: \(report.files.rejectsCSV)")
        }
        return lines.joined(separator: "\n")
    }
}
