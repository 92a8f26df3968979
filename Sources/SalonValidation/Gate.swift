import SalonCore

/// One check of the gate, with the evidence a person needs to believe it.
public struct GateCheck: Sendable, Codable, Equatable {
    public var name: String
    public var passed: Bool
    public var detail: String

    public init(name: String, passed: Bool, detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// The gate between staging and publishing. Publishing happens only when every check passes.
public struct GateResult: Sendable, Codable, Equatable {
    public var passed: Bool
    public var checks: [GateCheck]

    public init(passed: Bool, checks: [GateCheck]) {
        self.passed = passed
        self.checks = checks
    }
}

public struct GateThresholds: Sendable {
    /// Share of records (whole-record rejects over records in) allowed before the gate fails.
    public var maxRejectRate: Double

    public init(maxRejectRate: Double) { self.maxRejectRate = maxRejectRate }
}

public enum Gate {
    /// Row accounting per source and the reject rate overall, plus any extra checks the caller ran.
    public static func evaluate(tallies: [SourceTally], thresholds: GateThresholds, extraChecks: [GateCheck] = []) -> GateResult {
        var checks: [GateCheck] = []
        for tally in tallies {
            let detail = "\(tally.recordsIn) in = \(tally.loaded) loaded + \(tally.merged) merged + \(tally.rejected) rejected"
            checks.append(GateCheck(
                name: "row_accounting:\(tally.sourceID)", passed: tally.isBalanced,
                detail: tally.isBalanced ? detail : "MISMATCH: \(detail) (= \(tally.loaded + tally.merged + tally.rejected))"))
        }
        let recordsIn = tallies.reduce(0) { $0 + $1.recordsIn }
        let rejected = tallies.reduce(0) { $0 + $1.rejected }
        let rate = recordsIn == 0 ? 0 : Double(rejected) / Double(recordsIn)
        checks.append(GateCheck(
            name: "reject_rate", passed: rate <= thresholds.maxRejectRate,
            detail: "\(rejected) of \(recordsIn) records rejected (\(percent(rate))); allowed up to \(percent(thresholds.maxRejectRate))"))
        if recordsIn == 0 {
            checks.append(GateCheck(name: "has_records", passed: false, detail: "no records were read from any source"))
        }
        checks.append(contentsOf: extraChecks)
        return GateResult(passed: checks.allSatisfy(\.passed), checks: checks)
    }

    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
