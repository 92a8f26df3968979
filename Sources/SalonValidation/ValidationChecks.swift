/// The gate checks of the validators: `control_totals` and `anomalies`.
public enum ValidationChecks {
    /// Passes when every compared measure agrees or its differences are all explained.
    public static func controlTotals(_ comparisons: [ControlTotalsComparison]) -> GateCheck {
        guard !comparisons.isEmpty else {
            return GateCheck(name: "control_totals", passed: true, detail: "no source with amounts or balances")
        }
        return GateCheck(
            name: "control_totals", passed: comparisons.allSatisfy(\.passed), detail: comparisons.map(\.summary).joined(separator: "; "))
    }

    /// Fails when any finding blocks (a blocking year finding whose correction was applied no
    /// longer blocks: the data it describes was corrected, and the correction is recorded).
    public static func anomalies(_ findings: [AnomalyFinding]) -> GateCheck {
        let blocking = findings.filter(isBlocking)
        var counts: [String: Int] = [:]
        for finding in findings { counts[finding.kind.rawValue, default: 0] += 1 }
        let listing = counts.keys.sorted().map { "\($0) \(counts[$0]!)" }.joined(separator: ", ")
        let detail = findings.isEmpty
            ? "no anomalies found"
            : "\(findings.count) findings (\(listing)); \(blocking.count) blocking"
                + (blocking.first.map { ": \($0.store) \($0.message)" } ?? "")
        return GateCheck(name: "anomalies", passed: blocking.isEmpty, detail: detail)
    }

    public static func isBlocking(_ finding: AnomalyFinding) -> Bool {
        finding.severity == .block && !finding.applied
    }
}
