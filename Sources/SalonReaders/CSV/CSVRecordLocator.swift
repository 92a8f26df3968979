#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Re-reads one record from its file for the validators' sample re-check. It shares no parsing
/// code with `CSVScanner` on purpose: a bug in the streaming parser must not repeat itself here.
public enum CSVRecordLocator {
    /// The cells of the record that starts at `byteOffset` (UTF-8 files) or at physical `line`,
    /// padded with empty cells to the layout's column count and with empty extra cells dropped,
    /// as the reader hands them out; nil when no record starts there.
    /// - Throws: `SalonError(.io)` if the file cannot be read, `.decoding` if it cannot be decoded.
    public static func readRecord(path: String, layout: CSVLayout, byteOffset: Int64?, line: Int) throws -> [String]? {
        let file = try CSVInputFile.open(path)
        defer { fclose(file) }
        let encoding = layout.encoding.encoding
        let bom = layout.encoding.hasBOM ? encoding.byteOrderMark.count : 0
        var stream = try DecodedStream(file: file, decoder: TextDecoder(encoding: encoding))
        if let byteOffset, encoding == .utf8 {
            fseeko(file, off_t(byteOffset), SEEK_SET)
        } else {
            fseeko(file, off_t(bom), SEEK_SET)
            var currentLine = 1
            while currentLine < line {
                guard let skipped = try recordText(&stream, delimiter: layout.delimiter) else { return nil }
                currentLine += skipped.lineBreaks
            }
            guard currentLine == line else { return nil }
        }
        guard let record = try recordText(&stream, delimiter: layout.delimiter) else { return nil }
        return normalised(cells(record.text, delimiter: layout.delimiter), width: layout.columns.count)
    }

    /// Pads short records; drops empty cells beyond the header; leaves a record with non-empty
    /// extra cells as it is, so the caller sees that it does not fit.
    static func normalised(_ cells: [String], width: Int) -> [String] {
        if cells.count < width { return cells + Array(repeating: "", count: width - cells.count) }
        if cells[width...].allSatisfy(\.isEmpty) { return Array(cells.prefix(width)) }
        return cells
    }

    /// One record's bytes (without its terminator) and the line breaks it spans, terminator included.
    static func recordText(_ stream: inout DecodedStream, delimiter: UInt8) throws -> (text: [UInt8], lineBreaks: Int)? {
        var text: [UInt8] = []
        var inQuotes = false
        var lineBreaks = 0
        var sawAny = false
        while let byte = try stream.next() {
            sawAny = true
            if !inQuotes && (byte == 0x0A || byte == 0x0D) {
                if byte == 0x0D, try stream.peek() == 0x0A { _ = try stream.next() }
                return (text, lineBreaks + 1)
            }
            if byte == 0x22 {
                if inQuotes { inQuotes = false } else if text.isEmpty || text.last == delimiter || text.last == 0x22 {
                    // Opening quote at a field start, or the second quote of a doubled pair.
                    inQuotes = true
                }
            } else if inQuotes, byte == 0x0A, text.last != 0x0D {
                lineBreaks += 1
            } else if inQuotes, byte == 0x0D {
                lineBreaks += 1
            }
            text.append(byte)
        }
        return sawAny ? (text, lineBreaks) : nil
    }

    /// RFC 4180 split of one record's text.
    static func cells(_ text: [UInt8], delimiter: UInt8) -> [String] {
        var cells: [String] = []
        var cell: [UInt8] = []
        var index = 0
        var quoted = false
        while index < text.count {
            let byte = text[index]
            if quoted {
                if byte == 0x22 {
                    if index + 1 < text.count, text[index + 1] == 0x22 {
                        cell.append(0x22)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(byte)
                }
            } else if byte == delimiter {
                cells.append(String(decoding: cell, as: UTF8.self))
                cell.removeAll()
            } else if byte == 0x22, cell.isEmpty, index == 0 || text[index - 1] == delimiter {
                quoted = true
            } else {
                cell.append(byte)
            }
            index += 1
        }
        cells.append(String(decoding: cell, as: UTF8.self))
        return cells
    }

    /// Decoded bytes of a file one at a time, with one byte of look-ahead.
    struct DecodedStream {
        let file: UnsafeMutablePointer<FILE>
        let decoder: TextDecoder
        var buffer: [UInt8] = []
        var index = 0
        var ended = false

        init(file: UnsafeMutablePointer<FILE>, decoder: TextDecoder) throws {
            self.file = file
            self.decoder = decoder
        }

        mutating func peek() throws -> UInt8? {
            while index == buffer.count {
                if ended { return nil }
                var chunk = [UInt8](repeating: 0, count: 64 * 1024)
                let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
                ended = count == 0
                buffer.removeAll(keepingCapacity: true)
                index = 0
                try chunk.withUnsafeBytes { raw in
                    try decoder.decode(UnsafeRawBufferPointer(rebasing: raw[0..<count]), flush: ended) { out, _ in
                        buffer.append(contentsOf: out)
                    }
                }
            }
            return buffer[index]
        }

        mutating func next() throws -> UInt8? {
            guard let byte = try peek() else { return nil }
            index += 1
            return byte
        }
    }
}
