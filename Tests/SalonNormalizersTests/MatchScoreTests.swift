import Testing
@testable import SalonNormalizers

@Suite struct MatchScoreTests {
    func makeCandidate(
        _ surname: String?, _ given: String?, phone: String?, birthday: String? = nil, gender: String? = nil,
        store: String = "SH01", line: Int = 2
    ) -> CustomerCandidate {
        var candidate = CustomerCandidate(
            provenance: Provenance(sourceID: "s", file: "a.csv", line: line, recordIndex: line - 1), storeCode: store)
        candidate.surname = surname
        candidate.givenName = given
        candidate.birthday = birthday
        candidate.gender = gender
        candidate.phones = phone.map { [.init(e164: $0, kind: "mobile", original: $0, numericKey: UInt64($0.dropFirst())!)] } ?? []
        return candidate
    }

    @Test func everyFieldIsComparedAndExplained() {
        let a = MatchProfile(makeCandidate("王", "小红", phone: nil, birthday: "1990-03-05", gender: "female", store: "SH01"))
        let b = MatchProfile(makeCandidate("王", "小红", phone: nil, birthday: "1991-03-05", store: "BJ02"))
        let score = MatchScore(phone: .agrees, a, b)
        #expect(score.comparisons.map(\.outcome) == [.agrees, .agrees, .agrees, .disagrees, .unknown, .disagrees])
        // 1.0 + 0.4 + 0.6 agree, 0.15 + 0.02 differ: 2.0 / 2.17.
        #expect(abs(score.score - 2.0 / 2.17) < 1e-9)
        #expect(score.explanation == "0.92 agrees: phone, surname, given_name; differs: birthday, store; unknown: gender")
        #expect(!score.clearlyDifferentPeople)
    }

    @Test func unknownFieldsNeverCountAgainstAMatch() {
        let owner = MatchProfile(makeCandidate("李", "明", phone: nil, birthday: "1970-06-01"))
        let phoneOnly = MatchProfile(makeCandidate(nil, nil, phone: nil, store: "SH01"))
        let score = MatchScore(phone: .agrees, owner, phoneOnly)
        #expect(score.score == 1)
        #expect(score.explanation == "1.00 agrees: phone, store; unknown: surname, given_name, birthday, gender")
        #expect(MatchScore(phone: .unknown, MatchProfile(), MatchProfile()).score == 0)
    }

    @Test func birthdaysCompareAcrossMissingYearsButNotAcrossCalendars() {
        let full = MatchProfile.packBirthday("1990-03-05", lunar: false)
        #expect(MatchProfile.compareBirthdays(full, MatchProfile.packBirthday("--03-05", lunar: false)) == .agrees)
        #expect(MatchProfile.compareBirthdays(full, MatchProfile.packBirthday("--03-06", lunar: false)) == .disagrees)
        #expect(MatchProfile.compareBirthdays(full, MatchProfile.packBirthday("1990-03-05", lunar: true)) == .unknown)
        #expect(MatchProfile.packBirthday("1990-13-05", lunar: false) == 0)
        #expect(MatchProfile.packBirthday("3月5日", lunar: false) == 0)
    }

    @Test func theThresholdDecidesBetweenMergeAndReview() {
        let owner = makeCandidate("张", "伟", phone: "+8613700137000", birthday: "1985-01-01")
        // The same phone and name outweigh a differing birthday; the phone alone does not.
        var strict = IdentityIndex(autoMergeAt: 0.9)
        strict.register(owner, stagingID: 1)
        let sameName = makeCandidate("张", "伟", phone: "+8613700137000", birthday: "1986-02-02", gender: "male", line: 3)
        #expect(strict.resolve(sameName).decision == .merge(into: 1, matchedOn: "phone"))
        let other = makeCandidate(nil, nil, phone: "+8613700137000", birthday: "1986-02-02", line: 3)
        let review = strict.resolve(other)
        #expect(review.decision == .new(customerKey: "tel:+8613700137000||1986-02-02", matchByPhone: false, reviewWith: 1))
        #expect(review.reviewReason == "low_match_score")
        #expect(review.score?.roundedScore == 0.87)
        #expect(review.score?.explanation == "0.87 agrees: phone, store; differs: birthday; unknown: surname, given_name, gender")
        var lenient = IdentityIndex(autoMergeAt: 0.8)
        lenient.register(owner, stagingID: 1)
        #expect(lenient.resolve(other).decision == .merge(into: 1, matchedOn: "phone"))
        // A score exactly at the threshold merges.
        var exact = IdentityIndex(autoMergeAt: review.score!.score)
        exact.register(owner, stagingID: 1)
        #expect(exact.resolve(other).decision == .merge(into: 1, matchedOn: "phone"))
    }

    @Test func aMotherAndDaughterOnOnePhoneAreNeverMergedWhateverTheThreshold() {
        var index = IdentityIndex(autoMergeAt: 0.01)
        index.register(makeCandidate("李", "明", phone: "+8613900139000", birthday: "1970-06-01"), stagingID: 1)
        let daughter = index.resolve(makeCandidate("李", "娜", phone: "+8613900139000", birthday: "1970-06-01", line: 3))
        #expect(daughter.decision == .new(customerKey: "tel:+8613900139000|李娜", matchByPhone: false, reviewWith: 1))
        #expect(daughter.reviewReason == "same_phone_different_name")
        #expect(daughter.score?.clearlyDifferentPeople == true)
    }

    @Test func aRecordAPersonKeptApartStandsAsItsOwnCustomer() {
        let identity = IdentityIndex.recordIdentity(sourceID: "s", file: "a.csv", recordKey: "line 3")
        var index = IdentityIndex(keptApart: [identity: "rec:s:a.csv:line 3"])
        index.register(makeCandidate("王", "小红", phone: "+8613800138000"), stagingID: 1)
        let again = index.resolve(makeCandidate("王", "小红", phone: "+8613800138000", line: 3))
        #expect(again == .init(decision: .new(customerKey: "rec:s:a.csv:line 3", matchByPhone: false, reviewWith: nil), score: nil))
        #expect(index.resolve(makeCandidate("王", "小红", phone: "+8613800138000", line: 4)).decision == .merge(into: 1, matchedOn: "phone"))
        // Kept apart, it is never indexed: coming first, it does not absorb the records after it.
        var reversed = IdentityIndex(keptApart: [identity: "rec:s:a.csv:line 3"])
        reversed.register(makeCandidate("王", "小红", phone: "+8613800138000", line: 3), stagingID: 1)
        #expect(reversed.resolve(makeCandidate("王", "小红", phone: "+8613800138000", line: 2)).decision
            == .new(customerKey: "tel:+8613800138000", matchByPhone: true, reviewWith: nil))
    }

    @Test func aMergedRecordFillsWhatTheOwnerEntryLacked() {
        var index = IdentityIndex()
        index.register(makeCandidate(nil, nil, phone: "+8613800138000"), stagingID: 1)
        let named = makeCandidate("王", "小红", phone: "+8613800138000", birthday: "1990-03-05", line: 3)
        #expect(index.resolve(named).decision == .merge(into: 1, matchedOn: "phone"))
        index.fillNames(from: named, stagingID: 1)
        // Now the entry knows the birthday, so a different one is evidence against the match.
        let other = index.resolve(makeCandidate(nil, nil, phone: "+8613800138000", birthday: "1960-07-07", line: 4))
        #expect(other.reviewReason == "low_match_score")
        #expect(other.decision == .new(customerKey: "tel:+8613800138000||1960-07-07", matchByPhone: false, reviewWith: 1))
    }
}
