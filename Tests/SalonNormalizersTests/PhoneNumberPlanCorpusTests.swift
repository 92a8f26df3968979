import Foundation
import Testing

@testable import SalonNormalizers

/// Conformance of the embedded numbering tables with libphonenumber's CN data in the corpus.
@Suite struct PhoneNumberPlanCorpusTests {
    private func mobilePattern() throws -> NSRegularExpression {
        let xml = try CorpusLocation.text("libphonenumber-cn/PhoneNumberMetadata.CN.xml")
        let mobile = try #require(xml.range(of: "<mobile>"))
        let open = try #require(xml.range(of: "<nationalNumberPattern>", range: mobile.upperBound..<xml.endIndex))
        let close = try #require(xml.range(of: "</nationalNumberPattern>", range: open.upperBound..<xml.endIndex))
        let pattern = xml[open.upperBound..<close.lowerBound].filter { !$0.isWhitespace }
        return try NSRegularExpression(pattern: "^(?:\(pattern))$")
    }

    private func matches(_ regex: NSRegularExpression, _ number: String) -> Bool {
        regex.firstMatch(in: number, range: NSRange(number.startIndex..., in: number)) != nil
    }

    @Test func mobileTableAgreesWithMetadataPatternOnEveryFiveDigitPrefix() throws {
        let regex = try mobilePattern()
        var disagreements: [String] = []
        var mobileThreeDigitBlocks = Set<Int>()
        for prefix in 10_000...19_999 {
            for tail in ["000000", "987654"] {
                let number = "\(prefix)\(tail)"
                let expected = matches(regex, number)
                let actual = MobileNumberPlan.isMobile(DigitString(number))
                if expected != actual { disagreements.append(number) }
                if expected { mobileThreeDigitBlocks.insert(prefix / 100) }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
        // Every 3-digit block the table lists fully is entirely mobile in the pattern.
        for block in MobileNumberPlan.fullBlocks {
            #expect(matches(regex, "\(block)00000000") && matches(regex, "\(block)99999999"))
        }
        #expect(mobileThreeDigitBlocks.count == MobileNumberPlan.fullBlocks.count + 2)
    }

    @Test func carrierPrefixesParseAsTheMetadataSays() throws {
        let regex = try mobilePattern()
        let carriers = try CorpusLocation.prefixLines("libphonenumber-cn/carrier.zh.86.txt")
        #expect(carriers.count > 60)
        for (prefix, _) in carriers {
            let number = prefix + String(repeating: "5", count: 11 - prefix.count)
            let result = PhoneNormalizer.parse(number)
            if matches(regex, number) {
                #expect(result.phones.map(\.e164) == ["+86" + number], "\(number)")
                #expect(result.phones.first?.kind == .mobile)
            } else {
                #expect(result.issues.map(\.code.rawValue) == ["phone.invalid_segment"], "\(number)")
            }
        }
        let mobiles = carriers.filter { matches(regex, $0.prefix + String(repeating: "5", count: 11 - $0.prefix.count)) }
        #expect(mobiles.count >= carriers.count - 3)
    }

    @Test func areaCodeTableIsTheCorpusList() throws {
        let lines = try CorpusLocation.prefixLines("libphonenumber-cn/geocoding.zh.86.area-codes.txt")
        #expect(lines.map(\.prefix) == AreaCodeTable.prefixes)
        #expect(lines.count == 328)
        // Every listed code takes a landline.
        for (prefix, _) in lines {
            let code = prefix.count == 2 && (prefix.hasPrefix("1") || prefix.hasPrefix("2")) ? prefix : String((prefix + "5").prefix(3))
            let local = code.count == 2 ? "62345678" : "6234567"
            #expect(PhoneNormalizer.parse("0\(code)-\(local)").phones.first?.e164 == "+86\(code)\(local)", "\(code)")
        }
    }
}
