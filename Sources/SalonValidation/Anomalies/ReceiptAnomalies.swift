/// The receipt detectors, run on staged receipt lines before anything is published.
///
/// Every detector is pure: the same lines and settings give the same findings in the same order,
/// so a report can be compared between runs.
public enum ReceiptAnomalies {
    public static func detect(_ facts: [ReceiptFact], settings: AnomalySettings) -> [AnomalyFinding] {
        var findings: [AnomalyFinding] = []
        let enabled = { (kind: AnomalyKind) in !settings.disabled.contains(kind) }
        // Each receipt's first line, found once for the three detectors that look at receipts.
        let heads = [.yearKeyedWrong, .futureDate, .beforeOpening, .refundWithoutOriginal].contains(where: enabled) ? receipts(facts) : []
        if enabled(.yearKeyedWrong) { findings += yearKeyedWrong(facts, heads: heads, settings: settings) }
        if enabled(.futureDate) || enabled(.beforeOpening) { findings += dateBounds(facts, heads: heads, settings: settings) }
        if enabled(.duplicateReceipt) { findings += duplicateReceipts(facts) }
        if enabled(.refundWithoutOriginal) { findings += refundsWithoutOriginal(facts, heads: heads) }
        if enabled(.amountOutlier) { findings += amountOutliers(facts, settings: settings) }
        if enabled(.monthJump) { findings += monthJumps(facts, settings: settings) }
        return findings.filter { enabled($0.kind) }.map { finding in
            var finding = finding
            finding.severity = settings.severity(of: finding.kind)
            // A year block whose dates fit no year of its neighbours has no correction to offer:
            // receipt numbers that do not follow time (a till numbering per customer, a reset
            // counter) look the same. It is reported, but it cannot hold up the load.
            if finding.kind == .yearKeyedWrong, finding.proposedCorrection == nil { finding.severity = .warn }
            return finding
        }
    }

    /// The first line of each receipt, in the order the lines came.
    static func receipts(_ facts: [ReceiptFact]) -> [ReceiptFact] {
        var seen = Set<ReceiptKey>()
        return facts.filter { seen.insert(ReceiptKey(store: $0.store, number: $0.receiptNumber)).inserted }
    }

    struct ReceiptKey: Hashable {
        var store: String
        var number: String
    }

    /// Up to `limit` evidence lines, then how many more there were.
    static func evidence(_ facts: some Collection<ReceiptFact>, limit: Int = 30) -> [String] {
        var lines = facts.prefix(limit).map(\.described)
        if facts.count > limit { lines.append("… and \(facts.count - limit) more") }
        return lines
    }
}
