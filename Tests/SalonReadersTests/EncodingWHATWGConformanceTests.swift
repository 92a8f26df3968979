import Foundation
import Testing
@testable import SalonReaders

/// Decoder conformance against encoding_rs / WHATWG index files (../shared/corpus/encoding-whatwg-gb18030-big5).
@Suite struct EncodingWHATWGConformanceTests {
    static func corpus(_ name: String) throws -> [UInt8] {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        let url = dir.appendingPathComponent("../shared/corpus/encoding-whatwg-gb18030-big5/\(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    static func scalars(_ line: String) -> String {
        line.unicodeScalars.map { String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
    }

    /// GB18030: every index entry must decode without errors. ICU 72 has the 2005 table; the
    /// decoder applies the 18 GB18030-2022 remappings, so the one remaining difference is WHATWG's
    /// own choice of decoding A3 A0 as U+3000 (GB18030 maps it to private use U+E5E5).
    @Test func gb18030DecodesEveryIndexLine() throws {
        let decoded = try TextDecoder(encoding: .gb18030).decodeAll(try Self.corpus("gb18030_in.txt"))
        let got = Self.lines(decoded.text)
        let want = Self.lines(try Self.corpus("gb18030_in_ref.txt"))
        #expect(got.count == want.count)
        let differing = zip(got, want).enumerated().filter { $0.element.0 != $0.element.1 }
        print("gb18030: \(want.count - differing.count)/\(want.count) lines match, \(decoded.errors.count) decoding errors")
        #expect(decoded.errors.isEmpty)
        #expect(differing.map { Self.scalars($0.element.0) + " vs " + Self.scalars($0.element.1) } == ["E5E5 vs 3000"])
    }

    /// Big5: the reader uses ICU's Big5-HKSCS table. WHATWG's decoder deliberately errors on the
    /// user-defined lead bytes (81-A0, the reference shows U+FFFD) which HKSCS maps to private
    /// use, maps some HKSCS-2008 characters to standard code points where ICU keeps the HKSCS
    /// private-use compatibility points, and decodes about 125 pairs that ICU's older HKSCS-2004
    /// table lacks (mostly the HKSCS-2008 additions under lead byte 87, and A3 E1 €). Every
    /// differing line must be one of those three kinds.
    @Test func big5MatchesExceptDocumentedDifferences() throws {
        let decoded = try TextDecoder(encoding: .big5).decodeAll(try Self.corpus("big5_in.txt"))
        let got = Self.lines(decoded.text)
        let want = Self.lines(try Self.corpus("big5_in_ref.txt"))
        #expect(got.count == want.count)
        var matching = 0, referenceError = 0, privateUse = 0, icuError = 0, other: [String] = []
        for (ours, reference) in zip(got, want) {
            if ours == reference {
                matching += 1
            } else if reference.unicodeScalars.contains("\u{FFFD}") {
                referenceError += 1
            } else if ours.unicodeScalars.contains(where: { (0xE000...0xF8FF).contains($0.value) }) {
                privateUse += 1
            } else if ours.unicodeScalars.contains("\u{FFFD}") {
                icuError += 1
            } else {
                other.append(Self.scalars(ours) + " vs " + Self.scalars(reference))
            }
        }
        print("big5: \(matching)/\(want.count) lines match; differing: \(referenceError) where WHATWG has U+FFFD, \(privateUse) HKSCS private-use vs standard, \(icuError) ICU-illegal")
        #expect(Double(matching) / Double(want.count) > 0.95)
        #expect(other.isEmpty, "\(other.prefix(10))")
        #expect(icuError <= 130)
    }
}
