#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Re-reads many records of one file in a single forward pass, for the sample re-check.
///
/// `CSVRecordLocator` opens and scans the file once per record, which is quadratic for a sample
/// of thousands of records. The cursor keeps the file open and moves forward: a record far ahead
/// with a known byte offset is reached by seeking, a near one by skipping records.
///
/// Skipping does not decode. In the encodings whose multi-byte characters never contain the bytes
/// that shape a record (UTF-8, GB18030, Big5, Windows-1252: quote, CR, LF, comma, tab and
/// semicolon are never trail bytes), records are skipped on the file's own bytes and only the
/// requested ones are decoded, one record at a time. UTF-16 and UTF-32, and a pipe delimiter in
/// GB18030 or Big5 (where 0x7C can be a trail byte), skip through the decoded text instead. Both
/// walks use the locator's own splitter rules, not `CSVScanner`. Ask for records in line order.
public final class CSVRecordCursor {
    private let file: UnsafeMutablePointer<FILE>
    private let layout: CSVLayout
    private let decoder: TextDecoder
    /// One of the two walks, held in its own stored property so that it is mutated in place
    /// (taking a walk out of an enum payload copied its 64 KiB buffer on every record).
    private var raw: RawStream?
    private var decoded: CSVRecordLocator.DecodedStream?
    /// The physical line at which the next unread record starts.
    private var line = 1
    /// A target further ahead than this many lines is reached by seeking when it has a byte offset.
    private static let seekDistance = 512

    /// - Throws: `SalonError(.io)` if the file cannot be opened, `.decoding` if its encoding is unknown.
    public init(path: String, layout: CSVLayout) throws {
        file = try CSVInputFile.open(path)
        self.layout = layout
        do {
            decoder = try TextDecoder(encoding: layout.encoding.encoding)
        } catch {
            fclose(file)
            throw error
        }
        try rewind()
    }

    deinit { fclose(file) }

    /// Whether records can be told apart on the file's bytes without decoding them.
    static func skipsRaw(_ layout: CSVLayout) -> Bool {
        switch layout.encoding.encoding {
        case .utf8, .windows1252: return true
        case .gb18030, .big5: return layout.delimiter != UInt8(ascii: "|")
        case .utf16LE, .utf16BE, .utf32LE, .utf32BE: return false
        }
    }

    /// The cells of the record that starts at physical `line` (or at `byteOffset`, in a file whose
    /// reader records offsets), padded and trimmed like `CSVRecordLocator.readRecord`; nil when
    /// no record starts there.
    public func record(line target: Int, byteOffset: Int64?) throws -> [String]? {
        if let byteOffset, layout.encoding.encoding == .utf8, target < line || target - line > Self.seekDistance {
            try seek(to: byteOffset, line: target)
        } else if target < line {
            try rewind()
        }
        let delimiter = layout.delimiter
        let text: [UInt8]
        if raw != nil {
            while line < target {
                guard let lineBreaks = raw!.skipRecord(delimiter: delimiter) else { return nil }
                line += lineBreaks
            }
            guard line == target, let record = raw!.recordBytes(delimiter: delimiter) else { return nil }
            line += record.lineBreaks
            text = try decoder.decodeAll(record.bytes).text
        } else {
            while line < target {
                guard let skipped = try CSVRecordLocator.recordText(&decoded!, delimiter: delimiter) else { return nil }
                line += skipped.lineBreaks
            }
            guard line == target, let record = try CSVRecordLocator.recordText(&decoded!, delimiter: delimiter) else { return nil }
            line += record.lineBreaks
            text = record.text
        }
        return CSVRecordLocator.normalised(CSVRecordLocator.cells(text, delimiter: delimiter), width: layout.columns.count)
    }

    private func rewind() throws {
        let bom = layout.encoding.hasBOM ? layout.encoding.encoding.byteOrderMark.count : 0
        try seek(to: Int64(bom), line: 1)
    }

    /// Starts afresh at `offset`: buffered bytes, and a decoder's partial character, belong to
    /// the old position.
    private func seek(to offset: Int64, line target: Int) throws {
        fseeko(file, off_t(offset), SEEK_SET)
        if Self.skipsRaw(layout) {
            if raw == nil { raw = RawStream(file: file) } else { raw!.discard() }
        } else {
            decoded = try CSVRecordLocator.DecodedStream(file: file, decoder: decoder)
        }
        line = target
    }

    /// The file's bytes, read in 64 KiB chunks, walked record by record with the same rules as
    /// `CSVRecordLocator.recordText`: a quote opens only at a field start (or doubles a quote),
    /// and CR, LF or CRLF ends a record outside quotes.
    struct RawStream {
        let file: UnsafeMutablePointer<FILE>
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var index = 0
        var count = 0
        /// The bytes of the record being kept, reused between records.
        var kept: [UInt8] = []

        init(file: UnsafeMutablePointer<FILE>) { self.file = file }

        /// Forgets the buffered bytes (after a seek).
        mutating func discard() {
            index = 0
            count = 0
        }

        /// Reads the next chunk; false at the end of the file.
        private mutating func refill() -> Bool {
            count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            index = 0
            return count > 0
        }

        /// Skips one record; the line breaks it spans (terminator included), nil at the end.
        mutating func skipRecord(delimiter: UInt8) -> Int? {
            walkRecord(delimiter: delimiter, keep: false)
        }

        /// One record's bytes (without its terminator) and the line breaks it spans.
        mutating func recordBytes(delimiter: UInt8) -> (bytes: [UInt8], lineBreaks: Int)? {
            kept.removeAll(keepingCapacity: true)
            guard let lineBreaks = walkRecord(delimiter: delimiter, keep: true) else { return nil }
            return (kept, lineBreaks)
        }

        private mutating func walkRecord(delimiter: UInt8, keep: Bool) -> Int? {
            var inQuotes = false
            var lineBreaks = 0
            var sawAny = false
            var last: UInt8?
            while true {
                if index >= count, !refill() { return sawAny ? lineBreaks : nil }
                let start = index, end = count
                var position = start
                var terminator: UInt8?
                buffer.withUnsafeBufferPointer { bytes in
                    while position < end {
                        let byte = bytes[position]
                        if !inQuotes && (byte == 0x0A || byte == 0x0D) {
                            terminator = byte
                            return
                        }
                        if byte == 0x22 {
                            if inQuotes { inQuotes = false } else if last == nil || last == delimiter || last == 0x22 { inQuotes = true }
                        } else if inQuotes, byte == 0x0A, last != 0x0D {
                            lineBreaks += 1
                        } else if inQuotes, byte == 0x0D {
                            lineBreaks += 1
                        }
                        last = byte
                        position += 1
                    }
                }
                if keep { kept.append(contentsOf: buffer[start..<position]) }
                sawAny = sawAny || position > start || terminator != nil
                index = terminator == nil ? position : position + 1
                guard let terminator else { continue }
                if terminator == 0x0D, index < count || refill(), buffer[index] == 0x0A { index += 1 }
                return lineBreaks + 1
            }
        }
    }
}
