import CCryptoBoringSSL
import Foundation

/// The two per-value primitives of a `KeyRing` with their key set-up done once: AES-256-GCM
/// sealing and HMAC-SHA256, on the BoringSSL that swift-crypto builds.
///
/// A publish seals and blind-indexes millions of short values. Through swift-crypto's API each
/// seal expands the AES key and the GHASH table again and allocates several buffers, and each
/// HMAC copies a reference-counted hash state: that cost several times the cipher itself. Here
/// the AEAD context is made once (BoringSSL allows concurrent seals on one context), and the HMAC
/// keeps the SHA-256 states with the padded key absorbed, copied on the stack per value. The output
/// is the same construction, checked against swift-crypto in `KeyRingTests`.
final class KeyedPrimitives: @unchecked Sendable {
    private let aead: UnsafeMutablePointer<EVP_AEAD_CTX>
    private let inner: SHA256_CTX
    private let outer: SHA256_CTX

    static let nonceLength = 12
    static let tagLength = 16

    init(dataKey: Data, indexKey: Data) {
        aead = dataKey.withUnsafeBytes { key in
            CCryptoBoringSSL_EVP_AEAD_CTX_new(
                CCryptoBoringSSL_EVP_aead_aes_256_gcm(), key.baseAddress!.assumingMemoryBound(to: UInt8.self), key.count,
                Self.tagLength)!
        }
        // HMAC (RFC 2104): H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)), the 32-byte key zero-padded to the
        // 64-byte block.
        var padded = [UInt8](repeating: 0, count: 64)
        padded.replaceSubrange(0..<indexKey.count, with: indexKey)
        var inner = SHA256_CTX()
        var outer = SHA256_CTX()
        CCryptoBoringSSL_SHA256_Init(&inner)
        CCryptoBoringSSL_SHA256_Init(&outer)
        let innerPad = padded.map { $0 ^ 0x36 }
        let outerPad = padded.map { $0 ^ 0x5c }
        CCryptoBoringSSL_SHA256_Update(&inner, innerPad, innerPad.count)
        CCryptoBoringSSL_SHA256_Update(&outer, outerPad, outerPad.count)
        self.inner = inner
        self.outer = outer
    }

    deinit {
        CCryptoBoringSSL_EVP_AEAD_CTX_free(aead)
    }

    /// HMAC-SHA256 of `message` into `out` (32 bytes).
    func authenticationCode(_ message: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) {
        var state = inner
        CCryptoBoringSSL_SHA256_Update(&state, message.baseAddress, message.count)
        var innerDigest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &innerDigest) { digest in
            let bytes = digest.baseAddress!.assumingMemoryBound(to: UInt8.self)
            CCryptoBoringSSL_SHA256_Final(bytes, &state)
            state = outer
            CCryptoBoringSSL_SHA256_Update(&state, bytes, 32)
        }
        CCryptoBoringSSL_SHA256_Final(out, &state)
    }

    /// Seals `plain` with `nonce` into `out` as nonce ‖ ciphertext ‖ tag; `out` holds
    /// `plain.count + 28` bytes.
    func seal(_ plain: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        precondition(nonce.count == Self.nonceLength && out.count == plain.count + Self.nonceLength + Self.tagLength)
        out.copyMemory(from: nonce)
        let body = out.baseAddress!.advanced(by: Self.nonceLength).assumingMemoryBound(to: UInt8.self)
        var written = 0
        let sealed = CCryptoBoringSSL_EVP_AEAD_CTX_seal(
            aead, body, &written, plain.count + Self.tagLength,
            nonce.baseAddress!.assumingMemoryBound(to: UInt8.self), nonce.count,
            plain.baseAddress?.assumingMemoryBound(to: UInt8.self), plain.count, nil, 0)
        // Fails only for a wrong nonce or output length, both fixed here.
        precondition(sealed == 1 && written == plain.count + Self.tagLength, "AES-GCM seal failed")
    }
}
