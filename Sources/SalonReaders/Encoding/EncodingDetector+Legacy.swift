/// GB18030 versus Big5 versus Windows-1252, for samples that are not UTF-8.
///
/// Each double-byte encoding puts its common characters in a known block: GB2312's symbols (lead
/// bytes A1-A9) and hanzi (B0-F7), both with trail bytes A1-FE, cover nearly all Simplified text;
/// Big5's symbols (A1-A3) and level-1 hanzi (A4-C6) cover nearly all Traditional text. Bytes of one
/// encoding read as the other land in those blocks only partly (about 40-60%), and Latin text read
/// as either lands in them hardly at all, so the share of "common" pairs decides.
extension EncodingDetector {
    struct LegacyScore {
        var pairs = 0
        var common = 0
        var invalid = 0
        /// Share of multi-byte units that are common characters, with illegal ones counting against.
        var quality: Double {
            let units = pairs + invalid
            guard units > 0 else { return 0 }
            return max(0, Double(common - 2 * invalid) / Double(units))
        }
    }

    static func scoreGB18030(_ bytes: UnsafeBufferPointer<UInt8>) -> LegacyScore {
        score(bytes) { lead, rest in
            let trail = rest[0]
            if (0x30...0x39).contains(trail) {
                // Four-byte sequence: valid but says nothing about the script.
                guard rest.count >= 3 else { return (4, false) }
                return (0x81...0xFE).contains(rest[1]) && (0x30...0x39).contains(rest[2]) ? (4, false) : nil
            }
            guard (0x40...0xFE).contains(trail), trail != 0x7F else { return nil }
            return (2, trail >= 0xA1 && ((0xA1...0xA9).contains(lead) || (0xB0...0xF7).contains(lead)))
        }
    }

    static func scoreBig5(_ bytes: UnsafeBufferPointer<UInt8>) -> LegacyScore {
        score(bytes) { lead, rest in
            let trail = rest[0]
            guard (0x40...0x7E).contains(trail) || (0xA1...0xFE).contains(trail) else { return nil }
            return (2, (0xA1...0xC6).contains(lead))
        }
    }

    /// Walks the multi-byte units of a sample. `classify` gets a lead byte (81-FE) and the bytes
    /// after it (at least one) and returns the unit's length and whether it is a common
    /// character, or nil when the unit is illegal. A unit cut by the end of the sample is ignored.
    private static func score(
        _ bytes: UnsafeBufferPointer<UInt8>,
        classify: (UInt8, UnsafeBufferPointer<UInt8>) -> (length: Int, common: Bool)?
    ) -> LegacyScore {
        var score = LegacyScore()
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            guard lead >= 0x81, lead != 0xFF else {
                if lead >= 0x80 { score.invalid += 1 }
                index += 1
                continue
            }
            guard index + 1 < count else { break }
            guard let unit = classify(lead, UnsafeBufferPointer(rebasing: bytes[(index + 1)..<min(index + 4, count)])) else {
                score.invalid += 1
                index += 1
                continue
            }
            guard index + unit.length <= count else { break }
            score.pairs += 1
            if unit.common { score.common += 1 }
            index += unit.length
        }
        return score
    }

    static func detectLegacy(_ bytes: UnsafeBufferPointer<UInt8>) -> EncodingDetection {
        let gb = scoreGB18030(bytes)
        let big5 = scoreBig5(bytes)
        let best = max(gb.quality, big5.quality)
        let detail = "GB18030 \(percent(gb.quality)), Big5 \(percent(big5.quality)) common double-byte characters"
        guard best >= 0.5 else {
            let confidence = best == 0 ? 0.7 : 0.5
            return EncodingDetection(
                encoding: .windows1252, confidence: confidence, hasBOM: false,
                reason: "not UTF-8 and not Chinese (\(detail)): Windows-1252 fallback")
        }
        // Ties go to GB18030: mainland files are the common case.
        let encoding: TextEncoding = big5.quality > gb.quality ? .big5 : .gb18030
        let margin = abs(gb.quality - big5.quality)
        let confidence = min(0.99, 0.5 + margin + (margin > 0.2 ? 0.2 : 0))
        return EncodingDetection(encoding: encoding, confidence: confidence, hasBOM: false, reason: detail)
    }

    private static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}
