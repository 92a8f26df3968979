#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file in chunks, decodes them to UTF-8 and splits RFC 4180 rows, holding only the
/// current chunk and the row being read. Works on raw UTF-8 bytes; strings are made once per cell.
final class CSVScanner {
    /// One physical row (a record, a title line, a blank line or the header).
    struct Row {
        var fields: [String]
        /// 1-based physical line where the row starts.
        var line: Int
        /// Offset of the row's first byte in the decoded stream (after any byte order mark).
        var decodedOffset: Int64
        /// The row as decoded, without its line terminator; U+FFFD where bytes were illegal.
        var text: String
        /// The row contains an illegal byte sequence of the input encoding.
        var undecodable: Bool
        /// A quoted field was still open at the end of the input.
        var unterminated: Bool
        /// The row was longer than `rowLimit`: it has no fields and `text` is only its head.
        var overlong = false
        /// Every cell is empty (a blank line, or only delimiters).
        var isBlank: Bool { !overlong && fields.allSatisfy(\.isEmpty) }
    }

    /// Decoded bytes one row may span (1 MiB). No spreadsheet row comes near it; a longer one is
    /// a file with no line breaks or a quote that never closes, and holding it would let one
    /// line take all memory.
    static let defaultRowLimit = 1 << 20
    /// Bytes of an overlong row kept as its text, for the reject.
    static let overlongHead = 4096

    static let quote = UInt8(ascii: "\"")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")

    private let file: UnsafeMutablePointer<FILE>
    private let decoder: TextDecoder
    private let path: String
    private let raw: UnsafeMutableRawBufferPointer
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Valid decoded bytes in `buffer`.
    private var count = 0
    /// The next unread byte in `buffer`.
    private var position = 0
    /// Decoded stream offset of `buffer[0]`.
    private var base: Int64 = 0
    /// Decoded stream offsets of illegal sequences not yet passed, ascending.
    private var errorOffsets: [Int64] = []
    private var errorHead = 0
    private var inputEnded = false
    private(set) var bytesRead: Int64
    /// 1-based physical line of the next row.
    private(set) var line = 1
    var delimiter = UInt8(ascii: ",")
    /// See `defaultRowLimit`; tests lower it.
    var rowLimit = CSVScanner.defaultRowLimit
    /// The head of the row `findRowEnd` is discarding, once it passed `rowLimit`.
    private var overlongHead: [UInt8]?

    /// Takes ownership of `file`, positioned at `startOffset` (past any byte order mark).
    init(file: UnsafeMutablePointer<FILE>, path: String, startOffset: Int64, decoder: TextDecoder, chunkSize: Int) {
        self.file = file
        self.path = path
        self.decoder = decoder
        self.bytesRead = startOffset
        raw = .allocate(byteCount: max(chunkSize, 1), alignment: 8)
        capacity = max(chunkSize * 4, 64)
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        fclose(file)
        raw.deallocate()
        buffer.deallocate()
    }

    /// Bytes the row buffer holds room for; tests check that it stays bounded.
    var bufferCapacity: Int { capacity }

    /// At least `minimum` decoded bytes from the read position (fewer only at the end of input).
    func prefix(minimum: Int) throws -> UnsafeBufferPointer<UInt8> {
        while count - position < minimum, try refill() {}
        return UnsafeBufferPointer(start: buffer + position, count: count - position)
    }

    /// Moves the unread bytes to the front of the buffer and appends the next decoded chunk.
    /// Returns false when the input is exhausted and nothing was added.
    private func refill() throws -> Bool {
        if inputEnded { return false }
        if position > 0 {
            (buffer).update(from: buffer + position, count: count - position)
            base += Int64(position)
            count -= position
            position = 0
        }
        while true {
            let readCount = fread(raw.baseAddress, 1, raw.count, file)
            if readCount == 0, ferror(file) != 0 {
                throw SalonError(.io, "read error", location: path, fix: "check that the file is readable")
            }
            bytesRead += Int64(readCount)
            let flush = readCount == 0
            var produced = 0
            try decoder.decode(UnsafeRawBufferPointer(rebasing: raw[0..<readCount]), flush: flush) { out, errors in
                reserve(count + out.count)
                for offset in errors { errorOffsets.append(base + Int64(count + offset)) }
                if let source = out.baseAddress { (buffer + count).update(from: source, count: out.count) }
                count += out.count
                produced = out.count
            }
            if flush { inputEnded = true }
            if produced > 0 { return true }
            if flush { return false }
        }
    }

    private func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = grown
        capacity = newCapacity
    }

    /// Reads the next row, or nil at the end of input. `expectedFields` sizes the cell array.
    func nextRow(expectedFields: Int = 8) throws -> Row? {
        // Refills keep base + position fixed; an overlong row moves position, so take it first.
        let decodedOffset = base + Int64(position)
        guard let bounds = try findRowEnd() else { return nil }
        let start = buffer + position
        if overlongHead == nil, bounds.contentEnd > rowLimit {
            overlongHead = Array(UnsafeBufferPointer(start: start, count: Self.overlongHead))
        }
        if let head = overlongHead {
            overlongHead = nil
            _ = hasError(from: decodedOffset, to: decodedOffset)
            position += bounds.next
            defer { line += bounds.newlines }
            return Row(
                fields: [], line: line, decodedOffset: decodedOffset, text: String(decoding: head, as: UTF8.self),
                undecodable: false, unterminated: bounds.unterminated, overlong: true)
        }
        let row = Row(
            fields: split(start, count: bounds.contentEnd, expected: expectedFields),
            line: line,
            decodedOffset: decodedOffset,
            text: String(decoding: UnsafeBufferPointer(start: start, count: bounds.contentEnd), as: UTF8.self),
            undecodable: hasError(from: decodedOffset, to: decodedOffset + Int64(bounds.contentEnd)),
            unterminated: bounds.unterminated)
        position += bounds.next
        line += bounds.newlines
        return row
    }

    /// Skips past the illegal-sequence offsets before `start`; reports one inside the range.
    private func hasError(from start: Int64, to end: Int64) -> Bool {
        while errorHead < errorOffsets.count, errorOffsets[errorHead] < start { errorHead += 1 }
        if errorHead > 4096 {
            errorOffsets.removeFirst(errorHead)
            errorHead = 0
        }
        return errorHead < errorOffsets.count && errorOffsets[errorHead] < end
    }

    private struct RowBounds {
        /// Offset (from the row start) of the line terminator, or of the end of input.
        var contentEnd: Int
        /// Offset of the next row.
        var next: Int
        /// Line terminators inside the row, including its own.
        var newlines: Int
        var unterminated: Bool
    }

    /// First pass: finds where the row ends, refilling the buffer as needed. Offsets are relative
    /// to `position`, which refills keep pointing at the row start.
    private func findRowEnd() throws -> RowBounds? {
        var offset = 0
        var inQuotes = false
        var newlines = 0
        let delimiter = self.delimiter
        while true {
            if offset > rowLimit { discardScanned(&offset) }
            if position + offset >= count {
                if try refill() { continue }
                if offset == 0 { return nil }
                return RowBounds(contentEnd: offset, next: offset, newlines: newlines, unterminated: inQuotes)
            }
            let bytes = buffer + position
            let end = count - position
            if inQuotes {
                offset = Self.scanQuoted(bytes, from: offset, end: end, newlines: &newlines)
                if offset == end { continue }
                // A quote: doubled means a literal quote, else the field closes. Peek past a refill.
                if offset + 1 == end, try refill() { continue }
                let afterQuote = buffer + position
                if offset + 1 < count - position, afterQuote[offset + 1] == Self.quote {
                    offset += 2
                } else {
                    inQuotes = false
                    offset += 1
                }
                continue
            }
            offset = Self.scanUnquoted(bytes, from: offset, end: end, delimiter: delimiter)
            if offset == end { continue }
            let byte = bytes[offset]
            if byte == Self.quote {
                inQuotes = true
                offset += 1
                continue
            }
            if byte == Self.lf {
                return RowBounds(contentEnd: offset, next: offset + 1, newlines: newlines + 1, unterminated: false)
            }
            // CR: a CRLF pair is one terminator; peek past a refill.
            if offset + 1 == end { _ = try refill() }
            let next = (position + offset + 1 < count && buffer[position + offset + 1] == Self.lf) ? offset + 2 : offset + 1
            return RowBounds(contentEnd: offset, next: next, newlines: newlines + 1, unterminated: false)
        }
    }

    /// Drops the scanned part of an overlong row (keeping its head once, and the last byte so a
    /// CRLF or doubled quote cut here is still seen whole), so the buffer stays near `rowLimit`.
    private func discardScanned(_ offset: inout Int) {
        if overlongHead == nil {
            overlongHead = Array(UnsafeBufferPointer(start: buffer + position, count: min(Self.overlongHead, offset)))
        }
        let drop = offset - 1
        position += drop
        offset -= drop
    }

    /// Skips eight bytes at a time while none of them is a control character below 0x0E (CR,
    /// LF), a quote or `delimiter`; returns where the byte-by-byte scan must resume. Cells are
    /// mostly long runs of such plain bytes, so this is where the reader spends its time.
    @inline(__always)
    static func skipPlain(_ bytes: UnsafePointer<UInt8>, from start: Int, end: Int, delimiter: UInt8) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = ones &* UInt64(quote)
        let delimiters = ones &* UInt64(delimiter)
        var offset = start
        while offset + 8 <= end {
            let word = UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self)
            let control = (word &- ones &* 0x0E) & ~word
            let quoteHit = ((word ^ quotes) &- ones) & ~(word ^ quotes)
            let delimiterHit = ((word ^ delimiters) &- ones) & ~(word ^ delimiters)
            if (control | quoteHit | delimiterHit) & highs != 0 { break }
            offset += 8
        }
        return offset
    }

    /// Offset of the row's terminator (CR, LF) or of a quote opening a field, else `end`.
    /// A quote opens a quoted field only at the start of a field; elsewhere it is text.
    @inline(__always)
    static func scanUnquoted(_ bytes: UnsafePointer<UInt8>, from start: Int, end: Int, delimiter: UInt8) -> Int {
        scan(bytes, from: start, end: end, plainUnless: quote) { byte, offset in
            byte == cr || byte == lf || (byte == quote && (offset == 0 || bytes[offset - 1] == delimiter))
        }
    }

    /// Offset of the next quote inside a quoted field, else `end`; counts the line breaks passed
    /// (CR, LF and CRLF each once; a CRLF cut by a refill is still seen whole, as the CR stays
    /// in the buffer before the LF).
    @inline(__always)
    static func scanQuoted(_ bytes: UnsafePointer<UInt8>, from start: Int, end: Int, newlines: inout Int) -> Int {
        var count = newlines
        defer { newlines = count }
        return scan(bytes, from: start, end: end, plainUnless: quote) { byte, offset in
            if byte == lf {
                if offset == 0 || bytes[offset - 1] != cr { count += 1 }
            } else if byte == cr {
                count += 1
            }
            return byte == quote
        }
    }

    /// Offset of the next `delimiter`, else `end`.
    @inline(__always)
    static func scanDelimiter(_ bytes: UnsafePointer<UInt8>, from start: Int, end: Int, delimiter: UInt8) -> Int {
        scan(bytes, from: start, end: end, plainUnless: delimiter) { byte, _ in byte == delimiter }
    }

    /// The offset of the first byte for which `stop` holds, else `end`. Words that `skipPlain`
    /// clears are not looked at byte by byte; `stop` sees every other byte, in order.
    @inline(__always)
    private static func scan(
        _ bytes: UnsafePointer<UInt8>, from start: Int, end: Int, plainUnless special: UInt8,
        stop: (UInt8, Int) -> Bool
    ) -> Int {
        var offset = start
        while true {
            offset = skipPlain(bytes, from: offset, end: end, delimiter: special)
            let window = min(offset + 8, end)
            while offset < window {
                if stop(bytes[offset], offset) { return offset }
                offset += 1
            }
            if offset >= end { return end }
        }
    }

    /// Second pass: splits a complete row into cells (RFC 4180; a backslash is ordinary text).
    private func split(_ bytes: UnsafeMutablePointer<UInt8>, count end: Int, expected: Int) -> [String] {
        var fields: [String] = []
        fields.reserveCapacity(expected)
        let delimiter = self.delimiter
        var offset = 0
        while true {
            if offset < end, bytes[offset] == Self.quote {
                fields.append(Self.quotedCell(bytes, from: offset, end: end, delimiter: delimiter, next: &offset))
            } else {
                let stop = Self.scanDelimiter(bytes, from: offset, end: end, delimiter: delimiter)
                fields.append(String(decoding: UnsafeBufferPointer(start: bytes + offset, count: stop - offset), as: UTF8.self))
                offset = stop
            }
            if offset >= end { break }
            offset += 1
        }
        return fields
    }

    /// A quoted cell: `""` becomes `"`; text after the closing quote (not RFC 4180, but Excel
    /// keeps it) is appended as it stands.
    static func quotedCell(
        _ bytes: UnsafePointer<UInt8>, from start: Int, end: Int, delimiter: UInt8, next: inout Int
    ) -> String {
        var cursor = start + 1
        var simple = true
        while cursor < end {
            if bytes[cursor] == quote {
                if cursor + 1 < end, bytes[cursor + 1] == quote {
                    simple = false
                    cursor += 2
                    continue
                }
                break
            }
            cursor += 1
        }
        let closing = cursor
        let after = min(closing + 1, end)
        var stop = after
        while stop < end, bytes[stop] != delimiter { stop += 1 }
        next = stop
        if simple, stop == after {
            return String(decoding: UnsafeBufferPointer(start: bytes + start + 1, count: closing - start - 1), as: UTF8.self)
        }
        var text: [UInt8] = []
        text.reserveCapacity(stop - start)
        var index = start + 1
        while index < closing {
            text.append(bytes[index])
            index += bytes[index] == quote ? 2 : 1
        }
        text.append(contentsOf: UnsafeBufferPointer(start: bytes + after, count: stop - after))
        return String(decoding: text, as: UTF8.self)
    }
}
