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
    /// AES-GCM and HMAC with their keys set up once, for the values a publish seals by the million.
    let primitives: KeyedPrimitives

    /// - Parameters: raw 32-byte keys.
    public init(dataKey: Data, indexKey: Data, origin: String) throws {
        guard dataKey.count == 32, indexKey.count == 32 else {
            throw SalonError(
                .configuration, "\(origin): each key must be 32 bytes (base64 of 32 random bytes)",
                fix: "create keys with `salon-etl keys init`")
        }
        self.dataKey = SymmetricKey(data: dataKey)
        self.indexKey = SymmetricKey(data: indexKey)
        primitives = KeyedPrimitives(dataKey: dataKey, indexKey: indexKey)
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
        var value = normalized
        let token = value.withUTF8 { withBlindToken(of: UnsafeRawBufferPointer($0)) { String(decoding: $0, as: UTF8.self) } }
        if blindCache.count >= Self.blindCacheLimit { blindCache.removeAll(keepingCapacity: true) }
        blindCache[normalized] = token
        return token
    }

    /// Seals text; the result never contains the text or any run of its digits.
    public func seal(_ text: String) -> String {
        var plain = text
        return plain.withUTF8 { withSealed(UnsafeRawBufferPointer($0)) { String(decoding: $0, as: UTF8.self) } }
    }

    /// Nonces are random, drawn from the system's source a block at a time: one read per 256
    /// nonces instead of a system call or two per sealed value (a publish seals millions).
    private var noncePool = [UInt8](repeating: 0, count: 12 * 256)
    private var nonceOffset = 12 * 256

    func nextNonce(into nonce: UnsafeMutableRawBufferPointer) {
        nonceLock.lock()
        defer { nonceLock.unlock() }
        if nonceOffset == noncePool.count {
            noncePool.withUnsafeMutableBytes { Self.fillRandom($0) }
            nonceOffset = 0
        }
        noncePool.withUnsafeBytes { pool in
            nonce.copyMemory(from: UnsafeRawBufferPointer(rebasing: pool[nonceOffset..<nonceOffset + 12]))
        }
        nonceOffset += 12
    }
    private let nonceLock = NSLock()

    /// Fills a buffer from /dev/urandom, or from the standard library's generator when that cannot
    /// be read; both are the operating system's CSPRNG.
    static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) {
        var filled = 0
        if let descriptor = urandom, descriptor >= 0 {
            while filled < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                if count <= 0 { break }
                filled += count
            }
        }
        var generator = SystemRandomNumberGenerator()
        while filled < buffer.count {
            buffer[filled] = UInt8.random(in: 0...255, using: &generator)
            filled += 1
        }
    }
    private static let urandom: Int32? = {
        let descriptor = Glibc.open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        return descriptor >= 0 ? descriptor : nil
    }()

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
        var key = key
        return key.withUTF8 { withBlindCustomerKey(of: UnsafeRawBufferPointer($0)) { String(decoding: $0, as: UTF8.self) } }
    }

    enum Base64Alphabet { case standardPadded, urlUnpadded }

    private static let standardDigits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlDigits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `prefix` followed by base64 of `bytes`, written straight into the string's storage. Foundation's
    /// encoder and the string copies around it cost more than the HMAC or AES itself per value.
    static func encoded(_ bytes: UnsafeRawBufferPointer, prefix: String, alphabet: Base64Alphabet) -> String {
        var prefix = prefix
        return prefix.withUTF8 { prefix in
            String(unsafeUninitializedCapacity: encodedLength(bytes.count, prefix: prefix.count, alphabet: alphabet)) { out in
                encode(bytes, prefix: prefix, alphabet: alphabet, into: out)
            }
        }
    }

    static func encodedLength(_ count: Int, prefix: Int, alphabet: Base64Alphabet) -> Int {
        prefix + (alphabet == .standardPadded ? (count + 2) / 3 * 4 : (count * 4 + 2) / 3)
    }

    /// Writes `prefix` and base64 of `bytes` into `out` (`encodedLength` bytes); returns the count.
    static func encode(
        _ bytes: UnsafeRawBufferPointer, prefix: UnsafeBufferPointer<UInt8>, alphabet: Base64Alphabet, into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        let padded = alphabet == .standardPadded
        var at = 0
        for byte in prefix { out[at] = byte; at += 1 }
        (padded ? standardDigits : urlDigits).withUnsafeBufferPointer { digits in
            var index = 0
            while index + 3 <= bytes.count {
                let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                out[at] = digits[Int(group >> 18)]
                out[at + 1] = digits[Int(group >> 12 & 63)]
                out[at + 2] = digits[Int(group >> 6 & 63)]
                out[at + 3] = digits[Int(group & 63)]
                at += 4
                index += 3
            }
            let rest = bytes.count - index
            guard rest > 0 else { return }
            let group = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            out[at] = digits[Int(group >> 18)]
            out[at + 1] = digits[Int(group >> 12 & 63)]
            at += 2
            if rest == 2 { out[at] = digits[Int(group >> 6 & 63)]; at += 1 }
            if padded {
                if rest == 1 { out[at] = UInt8(ascii: "="); at += 1 }
                out[at] = UInt8(ascii: "="); at += 1
            }
        }
        return at
    }
}
