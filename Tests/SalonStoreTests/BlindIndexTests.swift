import Crypto
import Foundation
import Testing
@testable import SalonStore

/// The blind index is HMAC-SHA256 under the index key, base64url without padding: a known answer
/// (computed with Python's hmac module), and the same token before and after the cache starts over.
/// Tokens and sealed values are made on BoringSSL directly (`KeyedPrimitives`): both are checked
/// against swift-crypto's own HMAC and AES-GCM at every length around the hash's block size.
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

    /// Lengths 0 to 200 bytes (across SHA-256's 64-byte blocks and AES's 16), Chinese text included.
    static let texts: [String] = (0...200).map { length in
        var text = ""
        for index in 0..<length {
            let code = UInt8(48 + (index * 31 + length) % 75)
            text.append(index % 7 == 3 ? "发" : Character(UnicodeScalar(code)))
        }
        return text
    }

    @Test func tokensAreSwiftCryptosHMACAtEveryLength() {
        let key = SymmetricKey(data: Data(0..<32))
        for text in Self.texts {
            let mac = HMAC<Crypto.SHA256>.authenticationCode(for: Data(text.utf8), using: key)
            let expected = Data(mac).withUnsafeBytes { KeyRing.encoded($0, prefix: KeyRing.blindPrefix, alphabet: .urlUnpadded) }
            #expect(ring.blindIndex(text) == expected, "\(text.utf8.count) bytes")
        }
    }

    @Test func sealedValuesOpenWithSwiftCryptosAESGCMAtEveryLength() throws {
        let key = SymmetricKey(data: Data(repeating: 7, count: 32))
        for text in Self.texts {
            let sealed = ring.seal(text)
            let combined = try #require(Data(base64Encoded: String(sealed.dropFirst(KeyRing.sealedPrefix.count))))
            #expect(combined.count == 12 + text.utf8.count + 16)
            let opened = try AES.GCM.open(try AES.GCM.SealedBox(combined: combined), using: key)
            #expect(String(decoding: opened, as: UTF8.self) == text)
            // A changed byte anywhere fails authentication.
            var tampered = combined
            tampered[combined.count / 2] ^= 1
            #expect(throws: (any Error).self) { try AES.GCM.open(try AES.GCM.SealedBox(combined: tampered), using: key) }
        }
    }

    /// The SQL functions work on a cell's bytes without making Strings: they give what the String
    /// API gives, for phones, customer keys of every kind, text around the block sizes, and NULL.
    @Test func theSQLFunctionsGiveWhatTheStringAPIGives() throws {
        let connection = try SQLiteConnection(path: ":memory:")
        _ = try FieldCipher.install(on: connection, ring: ring)
        func call(_ function: String, _ value: String) throws -> String? {
            try connection.query("SELECT \(function)(?1)", [.text(value)]).first?.first?.text
        }
        let keys = ["tel:+8613800138000", "tel:+8613800138000|丽", "tel:|x", "tel:", "rec:src:a.csv:line 2", "", "te",
                    "tel:" + ring.blindIndex("+8613800138000")]
        for key in keys {
            #expect(try call("salon_blind_key", key) == ring.blindCustomerKey(key), "\(key)")
        }
        for text in Self.texts + ["+8613800138000"] {
            #expect(try call("salon_blind", text) == ring.blindIndex(text))
            let sealed = try #require(try call("salon_seal", text))
            #expect(try ring.open(sealed) == text)
        }
        #expect(try connection.query("SELECT salon_seal(NULL), salon_blind(NULL), salon_blind(12)")[0].map(\.text)
            == [nil, nil, ring.blindIndex("12")])
    }
}
