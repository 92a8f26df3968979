import Testing
@testable import SalonValidation

@Suite struct AnomalyDetectorTests {
    let settings = AnomalySettings(asOf: "2024-06-30")

    /// Receipts R2019000001… one per hour-ish from 2019-03-01, `keyed` numbers dated `wrongYear`.
    func makeSequence(count: Int, keyed: ClosedRange<Int>? = nil, wrongYear: String = "2022", store: String = "GZ03") -> [ReceiptFact] {
        (1...count).map { n in
            let day = 1 + (n - 1) / 9
            let year = keyed?.contains(n) == true ? wrongYear : "2019"
            let date = "\(year)-03-\(day < 10 ? "0" : "")\(day) \(10 + (n - 1) % 9):00:00"
            return ReceiptFact(store: store, receiptNumber: "R2019\(String(repeating: "0", count: 6 - String(n).count))\(n)",
                               soldAt: date, amountFen: 6800, item: "洗剪吹", file: "GZ03.csv", line: n + 1)
        }
    }

    @Test func aBlockKeyedWithTheWrongYearIsFoundWithTheYearThatFitsTheSequence() {
        let findings = ReceiptAnomalies.yearKeyedWrong(makeSequence(count: 200, keyed: 101...120), settings: settings)
        #expect(findings.count == 1)
        let correction = findings.first?.proposedCorrection
        #expect(correction?.fromYear == "2022")
        #expect(correction?.toYear == "2019")
        #expect(correction?.receiptNumbers.first == "R2019000101")
        #expect(correction?.receiptNumbers.count == 20)
        #expect(findings.first?.evidence.first?.hasPrefix("before the block: GZ03.csv line 101: R2019000100") == true)
    }

    @Test func aBlockAtTheEndIsFoundOnlyWhenItsNumbersNameTheYear() {
        #expect(ReceiptAnomalies.yearKeyedWrong(makeSequence(count: 100, keyed: 91...100), settings: settings).first?.proposedCorrection?.toYear == "2019")
        // A real change of year at the end of a sequence whose numbers carry no year is no finding.
        let plain = makeSequence(count: 100, keyed: 91...100).map { fact in
            var fact = fact
            fact.receiptNumber = "NO" + fact.receiptNumber.dropFirst(5)
            return fact
        }
        #expect(ReceiptAnomalies.yearKeyedWrong(plain, settings: settings).isEmpty)
        #expect(ReceiptAnomalies.yearKeyedWrong(makeSequence(count: 200), settings: settings).isEmpty)
    }

    @Test func datesThatDoNotFitTheNeighboursGetNoProposal() {
        var facts = makeSequence(count: 60, keyed: 21...25)
        facts[22].soldAt = "2022-11-30 10:00:00"
        let finding = ReceiptAnomalies.yearKeyedWrong(facts, settings: settings).first
        #expect(finding != nil)
        #expect(finding?.proposedCorrection == nil)
    }

    @Test func futureDatesAndDatesBeforeOpening() {
        var with = settings
        with.storeOpened = ["GZ03": "2019-03-05"]
        var facts = makeSequence(count: 40)
        facts[39].soldAt = "2025-01-01 10:00:00"
        let findings = ReceiptAnomalies.dateBounds(facts, settings: with)
        #expect(findings.map(\.kind) == [.futureDate, .beforeOpening])
        #expect(findings[0].evidence == ["GZ03.csv line 41: R2019000040 2025-01-01 10:00:00 ¥68.00"])
        #expect(findings[1].message.hasPrefix("36 receipts"))
        #expect(ReceiptAnomalies.dateBounds(makeSequence(count: 40), settings: settings).isEmpty)
    }

    @Test func birthdaysUnderThreeOrOverOneHundredTen() {
        let birthdays = [
            CustomerAnomalies.Birthday(store: "SH01", date: "2022-07-01", location: "a.csv:2"),
            CustomerAnomalies.Birthday(store: "SH01", date: "1914-06-30", location: "a.csv:3"),
            CustomerAnomalies.Birthday(store: "SH01", date: "1900-01-01", location: "a.csv:4"),
            CustomerAnomalies.Birthday(store: "SH01", date: "1990-05-12", location: "a.csv:5"),
        ]
        let findings = CustomerAnomalies.birthdays(birthdays, settings: settings)
        #expect(findings.map(\.evidence) == [["a.csv:2: born 2022-07-01, age 1"], ["a.csv:4: born 1900-01-01, age 124"]])
    }

    @Test func aReceiptTwiceAndARefundWithoutItsOriginal() {
        var facts = makeSequence(count: 5)
        var copy = facts[1]
        copy.file = "GZ03-b.csv"
        copy.amountFen = 7000
        facts.append(copy)
        var again = facts[2]
        again.line = 30
        facts.append(again)
        let duplicates = ReceiptAnomalies.duplicateReceipts(facts)
        #expect(duplicates.map(\.message) == ["receipt R2019000002 appears in 2 files with different lines", "receipt R2019000003 appears 2 times in GZ03.csv"])
        #expect(ReceiptAnomalies.duplicateReceipts(makeSequence(count: 5)).isEmpty)

        var refund = ReceiptFact(store: "GZ03", receiptNumber: "R2019000900", soldAt: "2019-03-02 10:00:00", amountFen: -6800,
                                 status: "refund", originalReceiptNumber: "R2019000001", file: "GZ03.csv", line: 90)
        #expect(ReceiptAnomalies.refundsWithoutOriginal(makeSequence(count: 5) + [refund]).isEmpty)
        refund.originalReceiptNumber = "R2018999999"
        #expect(ReceiptAnomalies.refundsWithoutOriginal(makeSequence(count: 5) + [refund]).first?.evidence.first?.hasSuffix("refunds R2018999999") == true)
    }

    @Test func anUnusualAmountForTheItemAndAMonthThatJumps() {
        var facts = makeSequence(count: 30)
        facts[7].amountFen = 680_000
        let outliers = ReceiptAnomalies.amountOutliers(facts, settings: settings)
        #expect(outliers.count == 1)
        #expect(outliers.first?.evidence == ["GZ03.csv line 9: R2019000008 2019-03-01 17:00:00 ¥6800.00"])
        #expect(ReceiptAnomalies.amountOutliers(makeSequence(count: 30), settings: settings).isEmpty)

        let april = (1...30).map { n in
            ReceiptFact(store: "GZ03", receiptNumber: "R2019100\(n)", soldAt: "2019-04-02 10:00:00", amountFen: 68000, file: "b.csv", line: n)
        }
        let jumps = ReceiptAnomalies.monthJumps(makeSequence(count: 30) + april, settings: settings)
        #expect(jumps.map(\.message) == ["GZ03 took ¥20400.00 in 2019-04 after ¥2040.00 in 2019-03"])
        #expect(ReceiptAnomalies.monthJumps(makeSequence(count: 30), settings: settings).isEmpty)
    }

    @Test func severityDecidesWhetherTheGateFailsAndAnAppliedCorrectionNoLongerBlocks() {
        let facts = makeSequence(count: 200, keyed: 101...120)
        var blocking = ReceiptAnomalies.detect(facts, settings: settings)
        #expect(blocking.map(\.severity) == [.block])
        #expect(!ValidationChecks.anomalies(blocking).passed)
        var warnOnly = settings
        warnOnly.severity[.yearKeyedWrong] = .warn
        #expect(ValidationChecks.anomalies(ReceiptAnomalies.detect(facts, settings: warnOnly)).passed)
        blocking[0].applied = true
        #expect(ValidationChecks.anomalies(blocking).passed)
        var off = settings
        off.disabled = [.yearKeyedWrong]
        #expect(ReceiptAnomalies.detect(facts, settings: off).isEmpty)
    }
}
