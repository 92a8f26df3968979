import Testing
@testable import SalonNormalizers

@Suite struct ReceiptMaskedPhoneMatcherTests {
    static let known = ["+8613800138001", "+8613800138003", "+8613900139002", "+8613900139004", "+8613800138005"]

    @Test func uniqueMatchWithConfidence() throws {
        let matcher = MaskedPhoneMatcher(knownPhones: Self.known)
        let masked = try #require(MaskedPhone("138****8001"))
        let match = try #require(matcher.match(masked))
        #expect(match.e164 == "+8613800138001")
        #expect(match.confidence > 0.99 && match.confidence <= 1)
    }

    @Test func ambiguousOrUnknownIsNil() throws {
        let matcher = MaskedPhoneMatcher(knownPhones: Self.known + ["+8613812348001"])
        let first = try #require(MaskedPhone("138****8001"))
        let second = try #require(MaskedPhone("137****8001"))
        #expect(matcher.match(first) == nil)
        #expect(matcher.match(second) == nil)
    }

    @Test func otherMaskShapes() throws {
        let matcher = MaskedPhoneMatcher(knownPhones: Self.known)
        // Eleven visible digits leave nothing hidden: not a mask of a mobile.
        #expect(MaskedPhone("1390013****9002") == nil)
        let short = try #require(MaskedPhone("*******9004"))
        #expect(short.prefix == "" && short.suffix == "9004")
        let match = try #require(matcher.match(short))
        #expect(match.e164 == "+8613900139004")
        let wider = try #require(MaskedPhone("139****9004"))
        #expect(match.confidence < matcher.match(wider)!.confidence)
        #expect(MaskedPhone("１３８＊＊＊＊５６７８") == MaskedPhone(prefix: "138", suffix: "5678"))
        #expect(MaskedPhone("13800138000") == nil)
        #expect(MaskedPhone("138*5678") == nil)
        // Every mask character the reader accepts, past the quick test for plain numbers.
        #expect(MaskedPhone("138xxxx5678") == MaskedPhone(prefix: "138", suffix: "5678"))
        #expect(MaskedPhone("138XXXX5678") == MaskedPhone(prefix: "138", suffix: "5678"))
        #expect(MaskedPhone("138××××5678") == MaskedPhone(prefix: "138", suffix: "5678"))
        #expect(MaskedPhone("138-****-5678") == MaskedPhone(prefix: "138", suffix: "5678"))
        #expect(MaskedPhone("+86 138 0013 8000") == nil)
    }
}
