/// Byte-level helpers behind `TextNormalizer`, kept internal so hot paths (phones, money, dates)
/// can fold a cell's UTF-8 bytes without building intermediate Strings.
enum WidthFolding {
    /// Whether the UTF-8 bytes hold a full-width ASCII form or an ideographic space.
    ///
    /// Both are three-byte sequences starting with 0xEF (U+FF01…U+FF5E) or 0xE3 0x80 0x80 (U+3000).
    static func containsFoldable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xEF || byte == 0xE3, foldedASCII(bytes, at: index) != nil { return true }
            index += 1
        }
        return false
    }

    /// The ASCII byte a three-byte full-width form (or U+3000) at `index` folds to, if any.
    @inline(__always)
    static func foldedASCII(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt8? {
        guard index + 2 < bytes.count else { return nil }
        let b0 = bytes[index], b1 = bytes[index + 1], b2 = bytes[index + 2]
        if b0 == 0xEF {
            // U+FF01…U+FF3F is EF BC 81…EF BC BF; U+FF40…U+FF5E is EF BD 80…EF BD 9E.
            if b1 == 0xBC, b2 >= 0x81, b2 <= 0xBF { return b2 - 0x81 + 0x21 }
            if b1 == 0xBD, b2 >= 0x80, b2 <= 0x9E { return b2 - 0x80 + 0x60 }
        } else if b0 == 0xE3, b1 == 0x80, b2 == 0x80 {
            return 0x20
        }
        return nil
    }

    /// Copies the bytes with full-width forms and U+3000 folded to ASCII.
    static func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0xEF || byte == 0xE3, let ascii = foldedASCII(bytes, at: index) {
                out.append(ascii)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// Folds a String's bytes; the fast path copies them unchanged.
    static func foldedBytes(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { fold($0) }
    }

    /// Length in bytes of the whitespace character at `index` (ASCII space, tab, CR, LF, U+3000,
    /// U+00A0 no-break space), or 0 when it is not whitespace.
    @inline(__always)
    static func whitespaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: return 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0xA0 ? 2 : 0
        case 0xE3: return index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80 ? 3 : 0
        default: return 0
        }
    }

    /// Whether an ASCII byte is a decimal digit.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
}
