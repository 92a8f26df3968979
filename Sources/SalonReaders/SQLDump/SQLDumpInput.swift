#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The dump as a sliding window of UTF-8 bytes: reads the file in chunks, decodes them when the
/// dump is not UTF-8, and drops consumed bytes at each refill so memory stays bounded. Line
/// numbers are counted lazily (with `memchr`) over bytes just before they are dropped, so the
/// parser pays for them only once per byte.
final class SQLDumpInput {
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    /// nil for UTF-8: bytes pass through untouched (binary values stay as they are).
    private let decoder: TextDecoder?
    private let raw: UnsafeMutableRawBufferPointer
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Valid bytes in `buffer`.
    private(set) var count = 0
    /// The next unread byte.
    var position = 0
    /// Bytes from this index on survive a refill (the row being read); `Int.max` keeps none.
    var keep = Int.max
    /// Stream offset of `buffer[0]` (a file offset for UTF-8 dumps, after any byte order mark).
    private(set) var base: Int64 = 0
    private(set) var bytesRead: Int64
    private(set) var inputEnded = false
    /// Newlines are counted in `buffer[..<linesCounted]`; `lineAtCounted` is the line there.
    private var linesCounted = 0
    private var lineAtCounted = 1

    init(file: UnsafeMutablePointer<FILE>, path: String, startOffset: Int64, decoder: TextDecoder?, chunkSize: Int) {
        self.file = file
        self.path = path
        self.decoder = decoder
        bytesRead = startOffset
        base = startOffset
        raw = .allocate(byteCount: max(chunkSize, 16), alignment: 8)
        capacity = max(chunkSize * 4, 64)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        fclose(file)
        raw.deallocate()
        buffer.deallocate()
    }

    /// True when `n` bytes from `position` are in the buffer, refilling as needed.
    @inline(__always)
    func available(_ n: Int) throws -> Bool {
        while position + n > count {
            guard try refill() else { return false }
        }
        return true
    }

    /// The 1-based line of `buffer[index]`; `index` must not be before any index asked for earlier.
    func line(at index: Int) -> Int {
        countLines(upTo: index)
        return lineAtCounted
    }

    private func countLines(upTo index: Int) {
        guard index > linesCounted else { return }
        var cursor = UnsafeRawPointer(buffer + linesCounted)
        let end = UnsafeRawPointer(buffer + index)
        while cursor < end, let hit = memchr(cursor, 0x0A, end - cursor) {
            lineAtCounted += 1
            cursor = UnsafeRawPointer(hit) + 1
        }
        linesCounted = index
    }

    /// Drops the bytes before `min(position, keep)` and appends the next chunk. Returns false
    /// when the input is exhausted and nothing was added.
    func refill() throws -> Bool {
        if inputEnded { return false }
        let drop = min(position, keep)
        if drop > 0 {
            countLines(upTo: drop)
            buffer.update(from: buffer + drop, count: count - drop)
            base += Int64(drop)
            count -= drop
            position -= drop
            linesCounted -= drop
            if keep != Int.max { keep -= drop }
        }
        while true {
            let readCount = fread(raw.baseAddress, 1, raw.count, file)
            if readCount == 0, ferror(file) != 0 {
                throw SalonError(.io, "read error", location: path, fix: "check that the file is readable")
            }
            bytesRead += Int64(readCount)
            let flush = readCount == 0
            var produced = 0
            let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<readCount])
            if let decoder {
                try decoder.decode(chunk, flush: flush) { out, _ in
                    append(UnsafeRawBufferPointer(out))
                    produced = out.count
                }
            } else {
                append(chunk)
                produced = readCount
            }
            if flush { inputEnded = true }
            if produced > 0 { return true }
            if flush { return false }
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        let needed = count + bytes.count
        if needed > capacity {
            var newCapacity = capacity * 2
            while newCapacity < needed { newCapacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buffer, count: count)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        if let source = bytes.baseAddress {
            UnsafeMutableRawPointer(buffer + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count = needed
    }
}
