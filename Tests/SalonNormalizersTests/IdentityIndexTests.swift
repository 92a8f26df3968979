import Testing
@testable import SalonNormalizers

@Suite struct IdentityIndexTests {
    func makeCandidate(_ surname: String?, _ given: String?, phones: [String], line: Int = 2) -> CustomerCandidate {
        var candidate = CustomerCandidate(
            provenance: Provenance(sourceID: "s", file: "a.csv", line: line, recordIndex: line - 1), storeCode: "SH01")
        candidate.surname = surname
        candidate.givenName = given
        candidate.name = (surname ?? "") + (given ?? "")
        candidate.phones = phones.map { .init(e164: $0, kind: "mobile", original: $0, numericKey: UInt64($0.dropFirst())!) }
        return candidate
    }

    @Test func theSamePhoneAndACompatibleNameMerge() {
        var index = IdentityIndex()
        let first = makeCandidate("王", "小红", phones: ["+8613800138001"])
        #expect(index.decide(for: first) == .new(customerKey: "tel:+8613800138001", matchByPhone: true, reviewWith: nil))
        index.register(first, stagingID: 1)
        #expect(index.decide(for: makeCandidate("王", "小红", phones: ["+8613800138001"])) == .merge(into: 1, matchedOn: "phone"))
        // "王女士" (surname only) is compatible with 王小红.
        #expect(index.decide(for: makeCandidate("王", nil, phones: ["+8613800138001"])) == .merge(into: 1, matchedOn: "phone"))
        // A second phone of the same record finds the customer too.
        #expect(index.decide(for: makeCandidate(nil, nil, phones: ["+8613900139001", "+8613800138001"])) == .merge(into: 1, matchedOn: "phone"))
    }

    @Test func aDifferentGivenNameOnTheSamePhoneIsANewCustomerForReview() {
        var index = IdentityIndex()
        index.register(makeCandidate("李", "明", phones: ["+8613800138002"]), stagingID: 1)
        let daughter = makeCandidate("李", "娜", phones: ["+8613800138002"])
        #expect(index.decide(for: daughter) == .new(customerKey: "tel:+8613800138002|李娜", matchByPhone: false, reviewWith: 1))
        index.registerSplit(customerKey: "tel:+8613800138002|李娜", stagingID: 2)
        // The daughter's next record joins her, not her father.
        #expect(index.decide(for: daughter) == .merge(into: 2, matchedOn: "phone+name"))
    }

    @Test func recordsWithoutPhonesBlockOnFullNameAndBirthday() {
        var index = IdentityIndex()
        var card = makeCandidate("王", "小红", phones: ["+8613800138001"])
        card.birthday = "1990-03-05"
        index.register(card, stagingID: 1)
        // A paper card with the same person's name and birthday but no readable phone.
        var paper = makeCandidate("王", "小红", phones: [], line: 9)
        paper.birthday = "1990-03-05"
        #expect(index.decide(for: paper) == .merge(into: 1, matchedOn: "name+birthday"))
        // Another birthday, or a birthday without a year, is not enough.
        paper.birthday = "1991-03-05"
        #expect(index.decide(for: paper) == .new(customerKey: "nb:王小红|1991-03-05", matchByPhone: true, reviewWith: nil))
        paper.birthday = "--03-05"
        #expect(index.decide(for: paper) == .new(customerKey: "rec:s:a.csv:line 9", matchByPhone: true, reviewWith: nil))
    }

    @Test func aCustomerWithoutPhonesIsKeyedByItsSourceRecord() {
        let index = IdentityIndex()
        #expect(index.decide(for: makeCandidate("赵", "强", phones: [], line: 7))
            == .new(customerKey: "rec:s:a.csv:line 7", matchByPhone: true, reviewWith: nil))
    }
}
