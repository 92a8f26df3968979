#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a text export line by line in chunks (1 MiB), decoding to UTF-8 on the way, so a chat
/// file of any size is read with flat memory. The CSV scanner cannot serve here: a chat line is
/// free text in which a double quote means nothing.
final class ChatLineReader {
    /// One physical line without its terminator (LF or CRLF); valid until the next call.
    struct Line {
        var bytes: UnsafeBufferPointer<UInt8>
        /// 1-based physical line number.
        var number: Int
        /// Offset of the line's first byte in the decoded text (after any byte order mark).
        var decodedOffset: Int64
        /// The line had bytes that are illegal in the file's encoding (decoded as U+FFFD).
        var undecodable: Bool
        /// The line was longer than `lineLimit`; `bytes` holds only its first `overlongHead` bytes.
        var overlong = false
    }

    /// Decoded bytes one line may span (1 MiB). A longer line is a file with no line breaks; it
    /// is skipped through without being held, so memory stays flat.
    static let lineLimit = 1 << 20
    /// Bytes kept from an overlong line.
    static let overlongHead = 4096

    let detection: EncodingDetection
    /// Bytes of the file consumed so far, for progress.
    private(set) var bytesRead: Int64
    private let file: UnsafeMutablePointer<FILE>
    private let decoder: TextDecoder
    private let raw: UnsafeMutableRawBufferPointer
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Decoded bytes held in `buffer`, and the start of the unread part.
    private var count = 0
    private var position = 0
    /// Decoded offset of `buffer[0]`.
    private var base: Int64 = 0
    private var inputEnded = false
    private var lineNumber = 0
    /// Decoded offsets of illegal sequences not yet passed, and the first one still ahead.
    private var errorOffsets: [Int64] = []
    private var errorHead = 0
    private let path: String
    /// The head of the overlong line being skipped; `headCount` is nil while lines are normal.
    private let head = UnsafeMutablePointer<UInt8>.allocate(capacity: ChatLineReader.overlongHead)
    private var headCount: Int?
    private var overlongStart: Int64 = 0

    /// Opens `path`, settles its encoding (given, or detected from the first 64 KiB) and skips
    /// any byte order mark.
    /// - Throws: `SalonError(.io)` when the file cannot be opened, `.decoding` when the encoding
    ///   has no decoder.
    init(path: String, encoding: TextEncoding?, chunkSize: Int = 1 << 20) throws {
        self.path = path
        file = try CSVInputFile.open(path)
        detection = CSVInputFile.settleEncoding(file, given: encoding)
        do { decoder = try TextDecoder(encoding: detection.encoding) } catch {
            fclose(file)
            throw error
        }
        bytesRead = Int64(detection.hasBOM ? detection.encoding.byteOrderMark.count : 0)
        raw = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 16), alignment: 8)
        capacity = max(chunkSize * 2, 64)
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit {
        fclose(file)
        raw.deallocate()
        buffer.deallocate()
        head.deallocate()
    }

    /// Bytes the line buffer holds room for; tests check that it stays bounded.
    var bufferCapacity: Int { capacity }

    /// The next line, or nil at the end of the file. A last line without a terminator counts;
    /// an empty text after the last terminator does not.
    func nextLine() throws -> Line? {
        var scanned = 0
        while true {
            let start = buffer + position
            let available = count - position
            if available > scanned, let hit = memchr(start + scanned, 0x0A, available - scanned) {
                let newline = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - UnsafePointer(start)
                return takeLine(length: newline, consumed: newline + 1)
            }
            scanned = available
            if available > Self.lineLimit {
                skipOverlong(available)
                scanned = 0
            }
            if inputEnded {
                let rest = count - position
                guard rest > 0 || headCount != nil else { return nil }
                return takeLine(length: rest, consumed: rest)
            }
            try refill()
        }
    }

    /// Keeps the first bytes of an overlong line, once, before they are dropped.
    private func captureHead(_ length: Int) {
        guard headCount == nil else { return }
        let kept = min(length, Self.overlongHead)
        head.update(from: buffer + position, count: kept)
        headCount = kept
        overlongStart = base + Int64(position)
    }

    /// Drops the `length` bytes of an overlong line scanned so far, so the buffer stays small.
    private func skipOverlong(_ length: Int) {
        captureHead(length)
        position += length
    }

    private func takeLine(length: Int, consumed: Int) -> Line {
        if length > Self.lineLimit { captureHead(length) }
        if let kept = headCount {
            headCount = nil
            lineNumber += 1
            position += consumed
            _ = hasError(from: base + Int64(position), to: base + Int64(position))
            return Line(
                bytes: UnsafeBufferPointer(start: head, count: kept), number: lineNumber,
                decodedOffset: overlongStart, undecodable: false, overlong: true)
        }
        let start = buffer + position
        var contentLength = length
        if contentLength > 0, start[contentLength - 1] == 0x0D { contentLength -= 1 }
        lineNumber += 1
        let offset = base + Int64(position)
        let line = Line(
            bytes: UnsafeBufferPointer(start: start, count: contentLength), number: lineNumber,
            decodedOffset: offset, undecodable: hasError(from: offset, to: offset + Int64(contentLength)))
        position += consumed
        return line
    }

    /// Moves the unread bytes to the front and appends the next decoded chunk.
    private func refill() throws {
        if position > 0 {
            let remaining = count - position
            if remaining > 0 { buffer.update(from: buffer + position, count: remaining) }
            base += Int64(position)
            count = remaining
            position = 0
        }
        let readCount = fread(raw.baseAddress, 1, raw.count, file)
        if readCount == 0, ferror(file) != 0 {
            throw SalonError(.io, "read error", location: path, fix: "check that the file is readable")
        }
        bytesRead += Int64(readCount)
        let flush = readCount == 0
        try decoder.decode(UnsafeRawBufferPointer(rebasing: raw[0..<readCount]), flush: flush) { out, errors in
            reserve(out.count)
            for offset in errors { errorOffsets.append(base + Int64(count + offset)) }
            if let source = out.baseAddress { (buffer + count).update(from: source, count: out.count) }
            count += out.count
        }
        if flush { inputEnded = true }
    }

    /// Skips the illegal-sequence offsets before `start`; reports one inside the range.
    private func hasError(from start: Int64, to end: Int64) -> Bool {
        guard errorHead < errorOffsets.count else { return false }
        while errorHead < errorOffsets.count, errorOffsets[errorHead] < start { errorHead += 1 }
        if errorHead > 4096 {
            errorOffsets.removeFirst(errorHead)
            errorHead = 0
        }
        return errorHead < errorOffsets.count && errorOffsets[errorHead] < end
    }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = grown
        capacity = newCapacity
    }
}
