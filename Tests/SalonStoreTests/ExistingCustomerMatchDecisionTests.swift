import Testing
@testable import SalonStore

/// The decisions publish takes for staged customers that match customers already in the
/// database, from candidate pair rows as both targets' queries return them.
@Suite struct ExistingCustomerMatchDecisionTests {
    /// One candidate pair row: staged 王丽 (SH02) against an existing customer.
    func makePair(
        staged: Int64 = 1, customer: Int64, block: String = "phone", surname: String? = "王", given: String? = "丽",
        birthday: String? = "1975-04-12", store: String = "SH01"
    ) -> [String?] {
        [String(staged), String(customer), block, "王", "丽", "1975-04-12", "gregorian", "female", "SH02",
         surname, given, birthday, "gregorian", "female", store, "+8613800138111\u{1F}mobile\u{1F}13800138111", "run2.csv", "line 3"]
    }

    @Test func theBestPairItMayMergeWithWinsOverAClearlyDifferentPerson() {
        let decisions = ExistingCustomerMatch.decide(
            pairs: [makePair(customer: 4, given: "小美", birthday: "2001-06-18"), makePair(customer: 9)], rule: MatchRule(autoMergeAt: 0.9), keys: nil)
        #expect(decisions.count == 1)
        #expect(decisions.first?.merges == true)
        #expect(decisions.first?.customerID == 9)
        #expect(decisions.first?.reason == "existing_customer")
        #expect(decisions.first?.score.explanation == "0.99 agrees: phone, surname, given_name, birthday, gender; differs: store")
    }

    @Test func aMotherAndDaughterOnOnePhoneAreNeverMergedWhateverTheThreshold() {
        let decisions = ExistingCustomerMatch.decide(
            pairs: [makePair(customer: 4, given: "小美", birthday: nil, store: "SH02")], rule: MatchRule(autoMergeAt: 0.1), keys: nil)
        #expect(decisions.first?.merges == false)
        #expect(decisions.first?.reason == "same_phone_different_name")
        #expect(decisions.first?.detail == "run2.csv:line 3: shares a phone with customer 4 already in the database but the names differ")
        #expect(decisions.first?.detail.contains("13800138111") == false)
    }

    @Test func belowTheThresholdThePairGoesToReviewWithTheBestScoringCustomer() {
        let pairs = [makePair(customer: 7, surname: nil, given: nil, birthday: "1980-01-01"), makePair(customer: 3, surname: nil, given: nil, birthday: "1975-04-13", store: "SH02")]
        let decisions = ExistingCustomerMatch.decide(pairs: pairs, rule: MatchRule(autoMergeAt: 0.95), keys: nil)
        #expect(decisions.first?.merges == false)
        #expect(decisions.first?.customerID == 3)
        #expect(decisions.first?.reason == "low_match_score")
        // Equal scores: the lowest customer id, whatever order the rows came in.
        let tied = ExistingCustomerMatch.decide(pairs: [makePair(customer: 8), makePair(customer: 5)], rule: MatchRule(autoMergeAt: 0.9), keys: nil)
        #expect(tied.first?.customerID == 5)
    }

    @Test func aNameAndBirthdayPairHasNoPhoneToAgreeOn() {
        let decisions = ExistingCustomerMatch.decide(pairs: [makePair(customer: 2, block: "name+birthday")], rule: MatchRule(autoMergeAt: 0.9), keys: nil)
        #expect(decisions.first?.matchedOn == "name+birthday")
        #expect(decisions.first?.score.phone == .unknown)
        #expect(decisions.first?.merges == true)
    }

    @Test func namesAreComparedFoldedByTheRunsRule() {
        var row = makePair(customer: 2)
        (row[3], row[4], row[9], row[10]) = ("陈", "美玲", "陳", "美玲")
        let asWritten = ExistingCustomerMatch.decide(pairs: [row], rule: MatchRule(autoMergeAt: 0.9), keys: nil)
        #expect(asWritten.first?.reason == "same_phone_different_name")
        let folded = ExistingCustomerMatch.decide(
            pairs: [row], rule: MatchRule(autoMergeAt: 0.9, foldName: { $0 == "陳" ? "陈" : $0 }), keys: nil)
        #expect(folded.first?.merges == true)
    }
}
