import Foundation
import Testing

@testable import SalonNormalizers

@Suite struct ResidentIDTests {
    private struct Examples: Decodable {
        struct Valid: Decodable {
            var id: String
            var address_code: String
            var birth: String
            var sex: String
            var weighted_sum_mod_11: Int
            var check: String
        }
        var weights: [Int]
        var check_chars_by_mod: String
        var valid: [Valid]
    }

    private func makeExamples() throws -> Examples {
        try JSONDecoder().decode(Examples.self, from: Data(CorpusLocation.text("cn-resident-id/examples.json").utf8))
    }

    private func code(_ text: String) -> String? {
        guard case .failure(let issue) = ResidentID.parse(text) else { return nil }
        return issue.code.rawValue
    }

    @Test func corpusRuleMatchesTheTables() throws {
        let examples = try makeExamples()
        #expect(examples.weights == ResidentID.weights)
        #expect(Array(examples.check_chars_by_mod.utf8) == ResidentID.checkCharacters)
    }

    @Test func corpusValidExamples() throws {
        let examples = try makeExamples()
        #expect(examples.valid.count == 2)
        for example in examples.valid {
            let info = try ResidentID.parse(example.id).get()
            #expect(info.normalized == example.id)
            #expect(info.birthday.iso == example.birth)
            #expect(info.regionCode == example.address_code)
            #expect(info.gender == (example.sex.hasPrefix("female") ? .female : .male))
            let body = Array(example.id.utf8.prefix(17))
            let sum = zip(body, ResidentID.weights).reduce(0) { $0 + Int($1.0 - 0x30) * $1.1 }
            #expect(sum % 11 == example.weighted_sum_mod_11)
            #expect(String(UnicodeScalar(ResidentID.checkCharacter(for: body))) == example.check)
        }
    }

    @Test func corpusExamplesWithAnyOtherCheckCharacterFail() throws {
        for example in try makeExamples().valid {
            for wrong in Array("0123456789X") where String(wrong) != example.check {
                let mutated = String(example.id.dropLast()) + String(wrong)
                #expect(code(mutated) == "id.checksum", "\(mutated)")
            }
            // A single mistyped body digit is always caught by MOD 11-2.
            var digits = Array(example.id)
            digits[9] = digits[9] == "9" ? "8" : "9"
            #expect(code(String(digits)) == "id.checksum")
        }
    }

    @Test func messyForms() throws {
        #expect(try ResidentID.parse("11010519491231002x").get().normalized == "11010519491231002X")
        #expect(try ResidentID.parse(" 110105 19491231 002X ").get().normalized == "11010519491231002X")
        #expect(try ResidentID.parse("１１０１０５１９４９１２３１００２Ｘ").get().normalized == "11010519491231002X")
        #expect(try ResidentID.parse("'440524188001010014").get().birthday == PartialDate(year: 1880, month: 1, day: 1))
    }

    @Test func legacyFifteenDigitNumbersAreUpgraded() throws {
        let info = try ResidentID.parse("110105491231002").get()
        #expect(info.normalized == "11010519491231002X")
        #expect(info.gender == .female)
        #expect(info.birthday.iso == "1949-12-31")
        let generated = try ResidentID.parse("440524800101001").get()
        #expect(generated.normalized.count == 18)
        #expect(generated.normalized.hasPrefix("44052419800101001"))
        #expect(try ResidentID.parse(generated.normalized).get() == generated)
        #expect(generated.gender == .male)
    }

    @Test func invalidNumbers() {
        #expect(code("1101051949123100") == "id.invalid_length")
        #expect(code("1.10105E+17") == "id.invalid_length")
        #expect(code("11010519491231002Y") == "id.invalid_length")
        #expect(code("") == "id.invalid_length")
        #expect(code("110105491231002X") == "id.invalid_length")
        // Real check characters, impossible birthdays.
        #expect(code(withCheck("11010519490230002")) == "id.invalid_birthday")
        #expect(code(withCheck("11010519491331002")) == "id.invalid_birthday")
        #expect(code(withCheck("11010517991231002")) == "id.invalid_birthday")
        #expect(code("110105490230002") == "id.invalid_birthday")
        #expect(code(withCheck("11010520000229002")) == nil)
    }

    @Test func messagesAreMasked() throws {
        guard case .failure(let issue) = ResidentID.parse("110105194912310021") else {
            Issue.record("expected a checksum failure")
            return
        }
        #expect(!issue.message.contains("110105194912310021"))
        #expect(issue.message.contains("1101**********0021"))
    }

    private func withCheck(_ body: String) -> String {
        body + String(UnicodeScalar(ResidentID.checkCharacter(for: Array(body.utf8))))
    }
}
