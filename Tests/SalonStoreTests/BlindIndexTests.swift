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
}
