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

    @Test func gb18030DecodesEveryIndexLine() throws {
        let decoded = try TextDecoder(encoding: .gb18030).decodeAll(try Self.corpus("gb18030_in.txt"))
        let got = Self.lines(decoded.text)
        let want = Self.lines(try Self.corpus("gb18030_in_ref.txt"))
        #expect(got.count == want.count)
        let differing = zip(got, want).enumerated().filter { $0.element.0 != $0.element.1 }
        print("gb18030: \(want.count - differing.count)/\(want.count) lines match, \(decoded.errors.count) errors")
        for d in differing.prefix(30) { print("  line \(d.offset + 1): got \(d.element.0.unicodeScalars.map { String($0.value, radix: 16) }) want \(d.element.1.unicodeScalars.map { String($0.value, radix: 16) })") }
        #expect(decoded.errors.isEmpty)
    }

    @Test func big5MatchesExceptDocumentedDifferences() throws {
        let decoded = try TextDecoder(encoding: .big5).decodeAll(try Self.corpus("big5_in.txt"))
        let got = Self.lines(decoded.text)
        let want = Self.lines(try Self.corpus("big5_in_ref.txt"))
        #expect(got.count == want.count)
        let differing = zip(got, want).enumerated().filter { $0.element.0 != $0.element.1 }
        print("big5: \(want.count - differing.count)/\(want.count) lines match, \(decoded.errors.count) errors")
        for d in differing.prefix(30) { print("  line \(d.offset + 1): got \(d.element.0.unicodeScalars.map { String($0.value, radix: 16) }) want \(d.element.1.unicodeScalars.map { String($0.value, radix: 16) })") }
    }
}
