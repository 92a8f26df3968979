/// Guesses a file's encoding from its first bytes (about 64 KiB). Order: byte order mark, NUL-byte
/// patterns (UTF-16/32 without BOM), UTF-8 validity, then GB18030 versus Big5 by which one makes
/// the bytes look like common characters of its script, else Windows-1252.
public enum EncodingDetector {
    /// How much of a file `detect(sample:)` expects; readers pass this many leading bytes.
    public static let sampleSize = 64 * 1024

    public static func detect(sample: [UInt8]) -> EncodingDetection {
        sample.withUnsafeBufferPointer { detect(bytes: $0) }
    }

    static func detect(bytes: UnsafeBufferPointer<UInt8>) -> EncodingDetection {
        if let bom = detectBOM(bytes) { return bom }
        if bytes.isEmpty {
            return EncodingDetection(encoding: .utf8, confidence: 0.5, hasBOM: false, reason: "empty input")
        }
        if let wide = detectWideEncoding(bytes) { return wide }
        switch utf8Validity(bytes) {
        case .ascii:
            return EncodingDetection(
                encoding: .utf8, confidence: 0.6, hasBOM: false, reason: "ASCII only (any ASCII-compatible encoding)")
        case .valid(let multiByte):
            let confidence = multiByte >= 4 ? 0.99 : 0.9
            return EncodingDetection(
                encoding: .utf8, confidence: confidence, hasBOM: false,
                reason: "valid UTF-8 with \(multiByte) multi-byte characters")
        case .invalid:
            return detectLegacy(bytes)
        }
    }

    private static let boms: [(TextEncoding, String)] = [
        (.utf32LE, "UTF-32LE"), (.utf32BE, "UTF-32BE"), (.utf8, "UTF-8"), (.utf16LE, "UTF-16LE"), (.utf16BE, "UTF-16BE"),
    ]

    /// UTF-32LE's mark starts with UTF-16LE's, so it is tried first.
    private static func detectBOM(_ bytes: UnsafeBufferPointer<UInt8>) -> EncodingDetection? {
        for (encoding, name) in boms {
            let bom = encoding.byteOrderMark
            if bytes.count >= bom.count, zip(bom, bytes).allSatisfy({ $0 == $1 }) {
                return EncodingDetection(encoding: encoding, confidence: 1, hasBOM: true, reason: "\(name) byte order mark")
            }
        }
        return nil
    }

    /// Text in UTF-16/32 has NUL bytes at fixed positions (the high bytes of ASCII characters);
    /// text in any byte-oriented encoding has none.
    private static func detectWideEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> EncodingDetection? {
        var zeros = [0, 0, 0, 0]
        let length = bytes.count & ~3
        guard length >= 4 else {
            if bytes.count >= 2 {
                if bytes[0] != 0 && bytes[1] == 0 { return wide(.utf16LE, 0.6, "NUL in odd bytes") }
                if bytes[0] == 0 && bytes[1] != 0 { return wide(.utf16BE, 0.6, "NUL in even bytes") }
            }
            return nil
        }
        for index in 0..<length where bytes[index] == 0 { zeros[index & 3] += 1 }
        let units = length / 4
        let total = zeros.reduce(0, +)
        guard total > 0 else { return nil }
        func share(_ count: Int) -> Double { Double(count) / Double(units) }
        if share(zeros[2]) > 0.9, share(zeros[3]) > 0.9, share(zeros[0]) < 0.5 {
            return wide(.utf32LE, 0.95, "NUL bytes at positions 2 and 3 of each 4")
        }
        if share(zeros[0]) > 0.9, share(zeros[1]) > 0.9, share(zeros[3]) < 0.5 {
            return wide(.utf32BE, 0.95, "NUL bytes at positions 0 and 1 of each 4")
        }
        let even = zeros[0] + zeros[2]
        let odd = zeros[1] + zeros[3]
        if odd >= 2, odd > 4 * even { return wide(.utf16LE, odd * 10 >= units ? 0.95 : 0.8, "NUL bytes in odd positions") }
        if even >= 2, even > 4 * odd { return wide(.utf16BE, even * 10 >= units ? 0.95 : 0.8, "NUL bytes in even positions") }
        return nil
    }

    private static func wide(_ encoding: TextEncoding, _ confidence: Double, _ reason: String) -> EncodingDetection {
        EncodingDetection(encoding: encoding, confidence: confidence, hasBOM: false, reason: reason)
    }

    private enum UTF8Validity { case ascii, valid(multiByte: Int), invalid }

    /// A sequence cut by the end of the sample still counts as valid: the sample is a prefix.
    private static func utf8Validity(_ bytes: UnsafeBufferPointer<UInt8>) -> UTF8Validity {
        var index = 0
        var multiByte = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            var need: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: need = 2
            case 0xE0: need = 3; low = 0xA0
            case 0xED: need = 3; high = 0x9F
            case 0xE1...0xEF: need = 3
            case 0xF0: need = 4; low = 0x90
            case 0xF4: need = 4; high = 0x8F
            case 0xF1...0xF3: need = 4
            default: return .invalid
            }
            for offset in 1..<need {
                guard index + offset < count else { return .valid(multiByte: multiByte) }
                let byte = bytes[index + offset]
                if offset == 1 ? (byte < low || byte > high) : (byte & 0xC0 != 0x80) { return .invalid }
            }
            multiByte += 1
            index += need
        }
        return multiByte == 0 ? .ascii : .valid(multiByte: multiByte)
    }
}
