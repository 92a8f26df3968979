import Foundation
import Testing
@testable import SalonStore

/// The blind index is HMAC-SHA256 under the index key, base64url without padding: a known answer
/// (computed with Python's hmac module), and the same token before and after the cache starts over.
struct BlindIndexTests {
    let ring = try! KeyRing(dataKey: Data(repeating: 7, count: 32), indexKey: Data(0..<32), origin: "test")

    @Test func tokenMatchesHMACSHA256UnderTheIndexKey() {
        #expect(ring.blindIndex("+8613800138000") == "bix1:7umBDnuDmlxSrkCTwnhfcQiScsqm0U6plWvJBa8DHnk")
        #expect(ring.blindCustomerKey("tel:+8613800138000|丽") == "tel:bix1:7umBDnuDmlxSrkCTwnhfcQiScsqm0U6plWvJBa8DHnk|丽")
    }

    @Test func theBoundedCacheGivesTheSameTokensAfterStartingOver() {
        let first = ring.blindIndex("+8613800138000")
        for number in 0..<(KeyRing.blindCacheLimit + 10) { _ = ring.blindIndex("+86139\(number)") }
        #expect(ring.blindIndex("+8613800138000") == first)
        #expect(ring.blindIndex("+861390") == ring.blindIndex("+861390"))
    }

    @Test func theEncoderAgreesWithFoundationsBase64AtEveryTailLength() {
        for count in 0..<40 {
            let bytes = Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) })
            let standard = bytes.withUnsafeBytes { KeyRing.encoded($0, prefix: "enc1:", alphabet: .standardPadded) }
            #expect(standard == "enc1:" + bytes.base64EncodedString())
            let url = bytes.withUnsafeBytes { KeyRing.encoded($0, prefix: "", alphabet: .urlUnpadded) }
            let expected = bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(url == expected)
        }
    }

    @Test func sealedValuesOpenAndNeverRepeatANonceAcrossPoolRefills() throws {
        var nonces = Set<Data>()
        for number in 0..<1_000 {
            let text = "+86139\(number)|备注"
            let sealed = ring.seal(text)
            #expect(sealed.hasPrefix(KeyRing.sealedPrefix))
            #expect(try ring.open(sealed) == text)
            let combined = try #require(Data(base64Encoded: String(sealed.dropFirst(KeyRing.sealedPrefix.count))))
            nonces.insert(combined.prefix(12))
        }
        #expect(nonces.count == 1_000)
    }
}
