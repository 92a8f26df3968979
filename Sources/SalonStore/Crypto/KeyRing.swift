import Crypto
import Foundation
import SalonCore

/// The two keys that protect phone numbers and other personal text in the CRM database, and the
/// one place values are sealed, opened and blind-indexed.
///
/// - The data key seals values with AES-256-GCM (a fresh 96-bit nonce per value), written as
///   `enc1:` + base64(nonce ‖ ciphertext ‖ tag). Text without the prefix is plain and opens to itself,
///   so a database written before encryption still reads.
/// - The index key makes the blind index: `bix1:` + base64url(HMAC-SHA256(index key, normalized
///   value)). Equal phones give equal tokens, so look-ups and identity across runs stay equality
///   joins on an index, while the token says nothing without the key.
///
/// Neither key is ever written to the database: `crypto_keys` holds only `keyID`, a fingerprint
/// derived from both keys, so a wrong key is caught before anything is read or written.
public final class KeyRing: @unchecked Sendable {
    public static let sealedPrefix = "enc1:"
    public static let blindPrefix = "bix1:"

    let dataKey: SymmetricKey
    let indexKey: SymmetricKey
    /// Fingerprint of both keys (16 hex digits), recorded in the database to detect a wrong key.
    public let keyID: String
    /// Where the keys came from (a key file's path or the environment variables), for messages.
    public let origin: String

    private let lock = NSLock()
    /// A publish asks for the same phone's token several times (identity, phones, facts, receipts),
    /// usually close together: the recent values' tokens are kept. The cache starts over when it
    /// holds `blindCacheLimit` values, so memory stays bounded whatever the number of customers.
    private var blindCache: [String: String] = [:]
    static let blindCacheLimit = 1 << 17
    /// HMAC-SHA256 keyed with the index key, before any data: copied for each value.
    private let blindHMAC: HMAC<Crypto.SHA256>

    /// - Parameters: raw 32-byte keys.
    public init(dataKey: Data, indexKey: Data, origin: String) throws {
        guard dataKey.count == 32, indexKey.count == 32 else {
            throw SalonError(
                .configuration, "\(origin): each key must be 32 bytes (base64 of 32 random bytes)",
                fix: "create keys with `salon-etl keys init`")
        }
        self.dataKey = SymmetricKey(data: dataKey)
        self.indexKey = SymmetricKey(data: indexKey)
        blindHMAC = HMAC<Crypto.SHA256>(key: self.indexKey)
        self.origin = origin
        var material = Data("salon-etl key id".utf8)
        material.append(indexKey)
        let mac = HMAC<Crypto.SHA256>.authenticationCode(for: material, using: self.dataKey)
        keyID = Data(mac).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// Fresh random keys.
    public static func generate(origin: String) throws -> KeyRing {
        try KeyRing(
            dataKey: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) },
            indexKey: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }, origin: origin)
    }

    /// The keys as base64, for a key file.
    var encodedKeys: (data: String, index: String) {
        (dataKey.withUnsafeBytes { Data($0) }.base64EncodedString(), indexKey.withUnsafeBytes { Data($0) }.base64EncodedString())
    }

    /// The blind index of an already normalized value (an E.164 phone, an upper-case ID number).
    public func blindIndex(_ normalized: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let cached = blindCache[normalized] { return cached }
        // A copy of the keyed HMAC starts from the key's padded blocks already hashed: half the
        // compression rounds of `authenticationCode(for:using:)`, the same code.
        var hmac = blindHMAC
        hmac.update(data: Data(normalized.utf8))
        let mac = hmac.finalize()
        let token = Self.blindPrefix + Self.base64URL(Data(mac))
        if blindCache.count >= Self.blindCacheLimit { blindCache.removeAll(keepingCapacity: true) }
        blindCache[normalized] = token
        return token
    }

    /// Seals text; the result never contains the text or any run of its digits.
    public func seal(_ text: String) -> String {
        // AES-GCM sealing fails only for a malformed key or nonce, both made here.
        let box = try! AES.GCM.seal(Data(text.utf8), using: dataKey)
        return Self.sealedPrefix + box.combined!.base64EncodedString()
    }

    /// Opens every sealed value of query rows; with no keys (a plain database) the rows are returned
    /// as they are. Statements both targets share select sealed columns as stored and open them
    /// here, since a PostgreSQL database never holds the keys that SQLite's `salon_open` uses.
    public static func openSealed(_ rows: [[String?]], with ring: KeyRing?) throws -> [[String?]] {
        guard let ring else { return rows }
        return try rows.map { row in try row.map { value in try value.map(ring.open) } }
    }

    /// Opens sealed text; plain text (no `enc1:` prefix) is returned as it is.
    /// - Throws: `SalonError` (configuration) when the value was sealed under another key or damaged.
    public func open(_ text: String) throws -> String {
        guard text.hasPrefix(Self.sealedPrefix) else { return text }
        guard let data = Data(base64Encoded: String(text.dropFirst(Self.sealedPrefix.count))),
            let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: dataKey)
        else {
            throw SalonError(
                .configuration, "a sealed value does not open with the data key from \(origin) (key \(keyID))",
                fix: "use the key file the database was encrypted with (see `salon-etl keys status`)")
        }
        return String(decoding: plain, as: UTF8.self)
    }

    /// `tel:+86…` becomes `tel:` + the phone's blind index, keeping what follows a `|` (the name
    /// that tells apart two people sharing a phone); other customer keys (source records) hold no
    /// phone and stay as they are.
    public func blindCustomerKey(_ key: String) -> String {
        guard key.hasPrefix("tel:"), !key.hasPrefix("tel:" + Self.blindPrefix) else { return key }
        let utf8 = key.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: 4)
        let end = utf8[start...].firstIndex(of: UInt8(ascii: "|")) ?? utf8.endIndex
        return "tel:" + blindIndex(String(key[start..<end])) + key[end...]
    }

    /// Byte by byte: Foundation's `replacingOccurrences` cost more than the HMAC itself on a
    /// publish of a million customers.
    static func base64URL(_ data: Data) -> String {
        var bytes = [UInt8](data.base64EncodedData())
        while bytes.last == UInt8(ascii: "=") { bytes.removeLast() }
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "+"): bytes[index] = UInt8(ascii: "-")
            case UInt8(ascii: "/"): bytes[index] = UInt8(ascii: "_")
            default: break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
