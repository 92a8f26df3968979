import Testing
@testable import SalonValidation

@Suite struct GateTests {
    func makeTally(_ id: String, in recordsIn: Int, loaded: Int, merged: Int, rejected: Int) -> SourceTally {
        var tally = SourceTally(sourceID: id)
        tally.recordsIn = recordsIn
        tally.loaded = loaded
        tally.merged = merged
        tally.rejected = rejected
        return tally
    }

    @Test func passesWhenEverySourceBalancesAndRejectRateIsLow() {
        let result = Gate.evaluate(
            tallies: [makeTally("a", in: 100, loaded: 90, merged: 8, rejected: 2)],
            thresholds: GateThresholds(maxRejectRate: 0.05))
        #expect(result.passed)
        #expect(result.checks.map(\.name) == ["row_accounting:a", "reject_rate"])
        #expect(result.checks[1].detail == "2 of 100 records rejected (2.0%); allowed up to 5.0%")
    }

    @Test func failsWhenARecordIsUnaccountedFor() {
        let result = Gate.evaluate(
            tallies: [makeTally("a", in: 10, loaded: 9, merged: 0, rejected: 0)],
            thresholds: GateThresholds(maxRejectRate: 1))
        #expect(!result.passed)
        #expect(result.checks[0].detail.hasPrefix("MISMATCH"))
    }

    @Test func failsOverTheRejectThresholdAndOnNoInput() {
        let over = Gate.evaluate(
            tallies: [makeTally("a", in: 10, loaded: 7, merged: 0, rejected: 3)],
            thresholds: GateThresholds(maxRejectRate: 0.2))
        #expect(!over.passed)
        #expect(over.checks.first { $0.name == "reject_rate" }?.passed == false)
        let empty = Gate.evaluate(tallies: [makeTally("a", in: 0, loaded: 0, merged: 0, rejected: 0)],
                                  thresholds: GateThresholds(maxRejectRate: 0.2))
        #expect(!empty.passed)
    }
}
