import Foundation
import SalonCore
import Testing
@testable import SalonStore

/// `source_files.sha256` is the SHA-256 of the file's bytes, in lowercase hex, across the 1 MiB
/// chunks it is read in.
struct FileFingerprintTests {
    @Test func matchesTheKnownAnswerAndTheDependencyFreeDigestAcrossChunks() throws {
        let dir = NSTemporaryDirectory() + "salon-fingerprint-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("abc".utf8).write(to: URL(fileURLWithPath: "\(dir)/abc"))
        #expect(FileFingerprint.sha256Hex(ofFileAt: "\(dir)/abc")
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        try Data().write(to: URL(fileURLWithPath: "\(dir)/empty"))
        #expect(FileFingerprint.sha256Hex(ofFileAt: "\(dir)/empty")
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Exactly one chunk, and one chunk and a bit: the boundary cases of the read loop.
        for size in [1 << 20, (1 << 20) + 7] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            try Data(bytes).write(to: URL(fileURLWithPath: "\(dir)/\(size)"))
            #expect(FileFingerprint.sha256Hex(ofFileAt: "\(dir)/\(size)") == SalonCore.SHA256.hex(of: bytes))
        }
        #expect(FileFingerprint.sha256Hex(ofFileAt: "\(dir)/missing") == nil)
    }
}
