import SalonCore
import SalonNormalizers
import SalonStore

extension RunState {
    /// Stages a record's suspected keying errors against the customer it became part of, and lists
    /// them (masked) for the report.
    mutating func recordKeyingReviews(_ items: [KeyingReviewItem], of candidate: CustomerCandidate, stagingID: Int64) throws {
        for item in items {
            try staging.addReviewCorrection(ReviewCorrection(
                stagingID: stagingID, field: item.field.rawValue, column: item.column, code: item.finding.code.rawValue,
                keyedText: item.keyedText, proposed: item.finding.proposal, reason: item.finding.why,
                fieldLeftEmpty: !item.finding.keepsValue, paperCard: item.paperCard, enteredBy: item.enteredBy,
                provenance: candidate.provenance))
            guard reviewItems.count < 200 else { continue }
            var detail = "\(candidate.provenance.location)"
            if let card = item.paperCard { detail += " (纸卡 \(pii.text(card)))" }
            detail += ": \(item.column) \(item.finding.why)"
            reviewItems.append(RunReport.ReviewItem(
                reason: item.finding.code.rawValue, detail: detail, field: item.field.rawValue,
                keyed: pii.keyed(item.keyedText, of: item), proposed: item.finding.proposal.map { pii.keyed($0, of: item) },
                fieldLeftEmpty: !item.finding.keepsValue))
        }
    }
}
