#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level tests on decoded UTF-8 text, so classifying a message costs a few `memmem` calls
/// instead of `Character` work.
enum ChatBytes {
    /// Searches with `memchr` for the needle's second byte when its first is a UTF-8 lead byte:
    /// in Chinese text most lead bytes are 0xE4-0xE9, so the first byte would stop the scan at
    /// nearly every character, while a given continuation byte is rare.
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard haystack.count >= count, let base = haystack.baseAddress else { return false }
        let pivot = count >= 2 && needle.utf8Start[0] >= 0xC0 ? 1 : 0
        let pivotByte = Int32(needle.utf8Start[pivot])
        let last = haystack.count - count
        var offset = 0
        while offset <= last, let hit = memchr(base + offset + pivot, pivotByte, last - offset + 1) {
            let found = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base - pivot
            if memcmp(base + found, needle.utf8Start, count) == 0 { return true }
            offset = found + 1
        }
        return false
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard bytes.count >= count, let base = bytes.baseAddress else { return false }
        return memcmp(base, prefix.utf8Start, count) == 0
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && hasPrefix(bytes, text)
    }

    /// Whether a line holds only spaces and tabs.
    static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// Whether the text starts, or a line of it starts, with `prefix`.
    static func anyLineHasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: StaticString) -> Bool {
        if hasPrefix(bytes, prefix) { return true }
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A,
               hasPrefix(UnsafeBufferPointer(rebasing: bytes[(index + 1)...]), prefix) { return true }
            index += 1
        }
        return false
    }

    /// The text with every U+200E LEFT-TO-RIGHT MARK removed (iOS WhatsApp exports sprinkle them).
    static func removingLeftToRightMarks(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard contains(bytes, "\u{200E}") else { return String(decoding: bytes, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if index + 2 < bytes.count, bytes[index] == 0xE2, bytes[index + 1] == 0x80, bytes[index + 2] == 0x8E {
                index += 3
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
