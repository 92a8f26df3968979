import Foundation
import SalonReaders
import SalonStore

/// Reads a review file a person filled in: every row is checked before anything is applied.
/// Rows with an empty `decision` are left undecided. The file is read with the CSV reader, so a
/// spreadsheet that saved it back as GB18030 or with semicolons still reads.
public enum ReviewDecisionFile {
    /// - Throws: `SalonError(.configuration)` naming the file, row and column of the first bad cell.
    public static func read(path: String) throws -> [ReviewDecision] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SalonError(.configuration, "no decisions file at \(path)", location: path, fix: "write review.csv with salon-etl review export")
        }
        let reader = try CSVRecordReader(path: path, options: CSVReadOptions(sourceID: "review"))
        var decisions: [ReviewDecision] = []
        while let event = try reader.next() {
            switch event {
            case .record(let record):
                let location = "\(path):\(record.provenance.line)"
                guard let idText = record["review_id"], let decisionText = record["decision"] else {
                    throw SalonError(
                        .configuration, "the file needs the columns review_id and decision", location: location,
                        fix: "start from the review.csv that salon-etl review export writes")
                }
                let choice = decisionText.trimmingCharacters(in: .whitespaces).lowercased()
                if choice.isEmpty { continue }
                guard let id = Int64(idText.trimmingCharacters(in: .whitespaces)), id > 0 else {
                    throw SalonError(
                        .configuration, "'\(idText)' is not a review id", location: "\(location) (column review_id)",
                        fix: "keep the review_id column as exported")
                }
                guard let kind = ReviewDecision.Kind(rawValue: choice) else {
                    throw SalonError(
                        .configuration, "'\(decisionText)' is not a decision", location: "\(location) (column decision)",
                        fix: "write merge or separate, or leave the cell empty to decide later")
                }
                decisions.append(ReviewDecision(reviewID: id, kind: kind, location: location))
            case .reject(let reject):
                throw SalonError(
                    .configuration, "row cannot be read: \(reject.message)", location: "\(path):\(reject.provenance.line)",
                    fix: "save the file as CSV again")
            case .warning:
                continue
            }
        }
        return decisions
    }
}
