import SalonCore
import Testing

@testable import SalonValidation

@Suite("Dual-run reconciliation")
struct ReconcilerTests {
    private func receipt(
        _ number: String?, _ time: String, _ fen: Int64, customer: String? = nil, store: String = "SH01", at location: String = ""
    ) -> ReconcileReceipt {
        ReconcileReceipt(store: store, number: number, time: time, amountFen: fen, customer: customer, location: location)
    }

    @Test func identicalSidesAreClean() {
        let day = [
            receipt("R1", "2024-03-05T10:05:12", 9800, customer: "+8613800138001"),
            receipt("R2", "2024-03-05T11:00:00", 39800),
        ]
        let result = Reconciler.compare(old: day, new: day.reversed())
        #expect(result.isClean)
        #expect(result.matchedByNumber == 2)
        #expect(result.storeDays == [.init(store: "SH01", day: "2024-03-05", oldCount: 2, oldSumFen: 49600, newCount: 2, newSumFen: 49600, agrees: true)])
    }

    @Test func plantedDifferencesAreEachReported() {
        let old = [
            receipt("R1", "2024-03-05T10:05:12", 9800, customer: "+8613800138001", at: "old line 2"),
            receipt("R2", "2024-03-05T11:00:00", 39800, at: "old line 3"),
            receipt("R3", "2024-03-05T12:00:00", 6800, at: "old line 4"),
        ]
        let new = [
            receipt("R1", "2024-03-05T10:05:12", 9800, customer: "+8613800138001", at: "receipts #1"),
            receipt("R2", "2024-03-05T11:00:00", 29800, at: "receipts #2"),
            receipt("R4", "2024-03-05T15:30:00", 5000, at: "receipts #3"),
        ]
        let result = Reconciler.compare(old: old, new: new)
        #expect(!result.isClean)
        #expect(result.matchedByNumber == 2)
        let kinds = result.receiptExceptions.map { "\($0.kind.rawValue):\($0.old?.number ?? $0.new?.number ?? "")" }
        #expect(kinds == ["amount_different:R2", "missing_in_new:R3", "missing_in_old:R4"])
        #expect(result.receiptExceptions[0].detail.contains("old ¥398.00, new ¥298.00"))
        #expect(result.storeDays.first?.agrees == false)
        #expect(result.storeDays.first?.oldSumFen == 56400)
        #expect(result.storeDays.first?.newSumFen == 44600)
    }

    @Test func receiptsWithoutSharedNumbersMatchByTimeAmountAndCustomer() {
        // The old till numbered receipts its own way; the new system numbers them differently.
        let old = [
            receipt("A-001", "2024-03-05T10:05:00", 9800, customer: "+8613800138001"),
            receipt("A-002", "2024-03-05T10:07:00", 9800, customer: "+8613900139002"),
        ]
        let new = [
            receipt("N-77", "2024-03-05T10:08:30", 9800, customer: "+8613900139002"),
            receipt("N-76", "2024-03-05T10:04:10", 9800, customer: "+8613800138001"),
        ]
        let result = Reconciler.compare(old: old, new: new)
        #expect(result.matchedByContent == 2)
        #expect(result.receiptExceptions.isEmpty)
        #expect(result.isClean)
    }

    @Test func contentMatchRespectsTheTimeWindowAndTolerance() {
        let old = [receipt(nil, "2024-03-05T10:00:00", 10000)]
        let late = [receipt(nil, "2024-03-05T10:20:00", 10000)]
        #expect(Reconciler.compare(old: old, new: late).receiptExceptions.count == 2)
        #expect(Reconciler.compare(old: old, new: late, tolerance: .init(timeWindowMinutes: 30)).isClean)
        let offByOneFen = [receipt(nil, "2024-03-05T10:01:00", 10001)]
        #expect(!Reconciler.compare(old: old, new: offByOneFen).isClean)
        #expect(Reconciler.compare(old: old, new: offByOneFen, tolerance: .init(amountFen: 1)).isClean)
    }

    @Test func matchingAcrossMidnightUsesWallClockTime() {
        let old = [receipt(nil, "2024-03-05T23:58:00+08:00", 5000)]
        let new = [receipt(nil, "2024-03-06T00:03:00+08:00", 5000)]
        let result = Reconciler.compare(old: old, new: new)
        #expect(result.matchedByContent == 1)
        #expect(result.receiptExceptions.isEmpty)
        // The receipt is on different business days on the two sides: the day totals show it.
        #expect(result.storeDays.map(\.agrees) == [false, false])
    }

    @Test func customersAndBalancesAreCompared() {
        let old = [
            receipt("R1", "2024-03-05T10:00:00", 9800, customer: "VIP0001"),
            receipt("R2", "2024-03-05T11:00:00", 6800, customer: "VIP0001"),
        ]
        let new = [receipt("R1", "2024-03-05T10:00:00", 9800, customer: "VIP0001")]
        let result = Reconciler.compare(
            old: old, new: new,
            oldBalances: [.init(store: "SH01", card: "VIP0001", balanceFen: 50000, location: "old"),
                          .init(store: "SH01", card: "VIP0009", balanceFen: 100, location: "old")],
            newBalances: [.init(store: "SH01", card: "VIP0001", balanceFen: 43200, location: "db")])
        #expect(result.customerExceptions.count == 1)
        #expect(result.customerExceptions[0].detail == "visits 2 → 1, spend ¥166.00 → ¥98.00")
        #expect(result.balanceExceptions.map(\.card) == ["VIP0001", "VIP0009"])
        #expect(result.balanceExceptions[0].detail == "balance ¥500.00 → ¥432.00")
        #expect(result.exceptionCount == 4)
    }

    @Test func theResultDoesNotDependOnInputOrder() {
        var old: [ReconcileReceipt] = []
        for index in 0..<40 {
            let number: String? = index % 3 == 0 ? nil : "R\(index)"
            let time = "2024-03-05T1\(index % 10):0\(index % 6):00"
            old.append(receipt(number, time, Int64(1000 + index % 4)))
        }
        var new: [ReconcileReceipt] = []
        for var copy in old where copy.amountFen != 1001 {
            copy.number = copy.number.map { "N" + $0 }
            new.append(copy)
        }
        let a = Reconciler.compare(old: old, new: new)
        let b = Reconciler.compare(old: old.reversed(), new: new.shuffled())
        #expect(a == b)
        #expect(a.receiptExceptions.allSatisfy { $0.kind == ReconcileResult.ReceiptException.Kind.missingInNew })
        #expect(a.receiptExceptions.count == 10)
    }
}

@Suite("Cutover rule")
struct CutoverRuleTests {
    private func days(_ outcomes: [(String, Int)]) -> [CutoverRule.Day] {
        outcomes.map { CutoverRule.Day(day: $0.0, exceptions: $0.1, clean: $0.1 == 0) }
    }

    @Test func enoughCleanDaysInARowAllowCutover() {
        let history = days([("2024-03-01", 2), ("2024-03-02", 0), ("2024-03-03", 0), ("2024-03-04", 0)])
        let decision = CutoverRule(cleanDays: 3, maxOpenExceptions: 0).evaluate(history: history.shuffled())
        #expect(decision.allowed)
        #expect(decision.consecutiveCleanDays == 3)
    }

    @Test func aDirtyOrMissingDayBreaksTheStreak() {
        let dirty = days([("2024-03-02", 0), ("2024-03-03", 1), ("2024-03-04", 0)])
        #expect(CutoverRule(cleanDays: 2).evaluate(history: dirty).consecutiveCleanDays == 1)
        let gap = days([("2024-02-28", 0), ("2024-02-29", 0), ("2024-03-02", 0)])
        let decision = CutoverRule(cleanDays: 2).evaluate(history: gap)
        #expect(decision.consecutiveCleanDays == 1)
        #expect(!decision.allowed)
        #expect(CutoverRule(cleanDays: 2).evaluate(history: []).allowed == false)
    }

    @Test func openExceptionsAreBoundedByTheRule() {
        let history = [CutoverRule.Day(day: "2024-03-04", exceptions: 1, clean: false)]
        #expect(!CutoverRule(cleanDays: 0, maxOpenExceptions: 0).evaluate(history: history).allowed)
        #expect(CutoverRule(cleanDays: 0, maxOpenExceptions: 1).evaluate(history: history).allowed)
    }
}
