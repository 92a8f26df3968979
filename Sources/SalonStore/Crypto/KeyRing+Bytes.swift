/// Tokens and sealed values from UTF-8 bytes into a stack buffer handed to `body`: the SQL
/// functions (`FieldCipher`) call these on a cell's bytes with no String made on either side (a
/// publish calls them millions of times), and `blindIndex`, `blindCustomerKey` and `seal` wrap them.
extension KeyRing {
    static let blindPrefixBytes: [UInt8] = Array(blindPrefix.utf8)
    static let sealedPrefixBytes: [UInt8] = Array(sealedPrefix.utf8)
    /// "bix1:" and 43 base64url characters of a 32-byte HMAC.
    static let blindTokenLength = encodedLength(32, prefix: 5, alphabet: .urlUnpadded)

    /// The blind index of a normalized value's bytes.
    func withBlindToken<R>(of value: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32 + Self.blindTokenLength) { buffer in
            primitives.authenticationCode(value, into: buffer.baseAddress!)
            let token = UnsafeMutableBufferPointer(rebasing: buffer[32...])
            let count = Self.blindPrefixBytes.withUnsafeBufferPointer { prefix in
                Self.encode(UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[..<32]), prefix: prefix, alphabet: .urlUnpadded, into: token)
            }
            return body(UnsafeBufferPointer(rebasing: token[..<(token.startIndex + count)]))
        }
    }

    /// A customer key's bytes with its phone blinded: `tel:` + the phone's token + what follows a
    /// `|`; any other key as it is.
    func withBlindCustomerKey<R>(of key: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let tel: [UInt8] = Array("tel:".utf8)
        func starts(with prefix: [UInt8], at offset: Int) -> Bool {
            key.count >= offset + prefix.count && prefix.indices.allSatisfy { key[offset + $0] == prefix[$0] }
        }
        guard starts(with: tel, at: 0), !starts(with: Self.blindPrefixBytes, at: 4) else {
            return body(key.assumingMemoryBound(to: UInt8.self))
        }
        let end = key[4...].firstIndex(of: UInt8(ascii: "|")) ?? key.count
        return withBlindToken(of: UnsafeRawBufferPointer(rebasing: key[4..<end])) { token in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 + token.count + (key.count - end)) { out in
                var at = 0
                for byte in tel { out[at] = byte; at += 1 }
                for byte in token { out[at] = byte; at += 1 }
                for byte in key[end...] { out[at] = byte; at += 1 }
                return body(UnsafeBufferPointer(out))
            }
        }
    }

    /// A value's bytes sealed: `enc1:` + base64(nonce ‖ ciphertext ‖ tag).
    func withSealed<R>(_ value: UnsafeRawBufferPointer, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let boxLength = value.count + KeyedPrimitives.nonceLength + KeyedPrimitives.tagLength
        let textLength = Self.encodedLength(boxLength, prefix: Self.sealedPrefixBytes.count, alphabet: .standardPadded)
        return withUnsafeTemporaryAllocation(byteCount: boxLength + KeyedPrimitives.nonceLength, alignment: 1) { scratch in
            let box = UnsafeMutableRawBufferPointer(rebasing: scratch[..<boxLength])
            let nonce = UnsafeMutableRawBufferPointer(rebasing: scratch[boxLength...])
            nextNonce(into: nonce)
            primitives.seal(value, nonce: UnsafeRawBufferPointer(nonce), into: box)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: textLength) { out in
                let count = Self.sealedPrefixBytes.withUnsafeBufferPointer { prefix in
                    Self.encode(UnsafeRawBufferPointer(box), prefix: prefix, alphabet: .standardPadded, into: out)
                }
                return body(UnsafeBufferPointer(rebasing: out[..<count]))
            }
        }
    }
}
