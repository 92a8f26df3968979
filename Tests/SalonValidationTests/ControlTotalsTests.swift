import Testing
@testable import SalonValidation

@Suite struct ControlTotalsTests {
    func makeSource(_ lines: [(String, String, String)]) -> ControlTotals {
        var totals = ControlTotals()
        for (store, time, amount) in lines {
            totals.add(TotalsKey(store: store, period: SimpleMonth.month(time) ?? "unknown"), TotalsCell(count: 1, sumFen: SimpleAmount.fen(amount) ?? 0))
        }
        return totals
    }

    @Test func simpleParsersReadWhatTillsWrite() {
        #expect(SimpleAmount.fen("68.00") == 6800)
        #expect(SimpleAmount.fen("¥1,280.5") == 128050)
        #expect(SimpleAmount.fen("-380.00") == -38000)
        #expect(SimpleAmount.fen("`12.345") == 1235)
        #expect(SimpleAmount.fen("三十元") == nil)
        #expect(SimpleAmount.fen("") == nil)
        #expect(SimpleMonth.month("2024-03-01 10:05:12") == "2024-03")
        #expect(SimpleMonth.month("2024/3/1 9:05") == "2024-03")
        #expect(SimpleMonth.month("2024年11月1日") == "2024-11")
        #expect(SimpleMonth.month("20240301") == "2024-03")
        #expect(SimpleMonth.month("2024-13-01") == nil)
    }

    @Test func equalSidesPassAndARejectedLineIsExplained() {
        let source = makeSource([("SH01", "2024-03-01", "68.00"), ("SH01", "2024-03-02", "30.00"), ("SH01", "2024-04-01", "100")])
        var staged = ControlTotals()
        staged.add(TotalsKey(store: "SH01", period: "2024-03"), TotalsCell(count: 1, sumFen: 6800))
        staged.add(TotalsKey(store: "SH01", period: "2024-04"), TotalsCell(count: 1, sumFen: 10000))
        var explanations = TotalsExplanations()
        let unexplained = ControlTotalsComparison.compare(measure: "receipt_amounts", source: source, staged: staged, explanations: explanations)
        #expect(!unexplained.passed)
        #expect(unexplained.failures.map(\.period) == ["2024-03", "2024"])
        #expect(unexplained.failures.first?.unexplained == TotalsCell(count: -1, sumFen: -3000))
        #expect(ValidationChecks.controlTotals([unexplained]).passed == false)

        explanations.move(from: TotalsKey(store: "SH01", period: "2024-03"), sourceFen: 3000, to: nil, stagedFen: 0, reason: "rejected", location: "pos.csv:3")
        let explained = ControlTotalsComparison.compare(measure: "receipt_amounts", source: source, staged: staged, explanations: explanations)
        #expect(explained.passed)
        let march = explained.months.first { $0.period == "2024-03" }!
        #expect(march.evidence.map(\.location) == ["pos.csv:3"])
        #expect(march.explainedByReason["rejected"] == TotalsCell(count: -1, sumFen: -3000))
        #expect(ValidationChecks.controlTotals([explained]).passed)
    }

    @Test func toleranceAllowsFenButNeverAMissingRecord() {
        let source = makeSource([("SH01", "2024-03-01", "68.00")])
        var staged = ControlTotals()
        staged.add(TotalsKey(store: "SH01", period: "2024-03"), TotalsCell(count: 1, sumFen: 6801))
        #expect(!ControlTotalsComparison.compare(measure: "m", source: source, staged: staged, explanations: .init()).passed)
        #expect(ControlTotalsComparison.compare(measure: "m", source: source, staged: staged, explanations: .init(), toleranceFen: 1).passed)
        #expect(!ControlTotalsComparison.compare(measure: "m", source: source, staged: ControlTotals(), explanations: .init(), toleranceFen: 10_000).passed)
    }

    @Test func aMovedRecordBalancesBothMonths() {
        let source = makeSource([("GZ03", "2022-03-26", "30.00")])
        var staged = ControlTotals()
        staged.add(TotalsKey(store: "GZ03", period: "2019-03"), TotalsCell(count: 1, sumFen: 3000))
        var explanations = TotalsExplanations()
        explanations.move(
            from: TotalsKey(store: "GZ03", period: "2022-03"), sourceFen: 3000, to: TotalsKey(store: "GZ03", period: "2019-03"),
            stagedFen: 3000, reason: "year_corrected", location: "GZ03.csv:232")
        let result = ControlTotalsComparison.compare(measure: "m", source: source, staged: staged, explanations: explanations)
        #expect(result.passed)
        #expect(result.years.map(\.period) == ["2019", "2022"])
    }
}
