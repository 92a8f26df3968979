#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Re-reads many records of one file in a single forward pass, for the sample re-check.
///
/// `CSVRecordLocator` opens and scans the file once per record, which is quadratic for a sample
/// of thousands of records in an encoding without byte offsets. The cursor keeps the file open and
/// moves forward: a record far ahead with a known byte offset is reached by seeking, a near one by
/// skipping records with the locator's own independent splitter. Ask for records in line order.
public final class CSVRecordCursor {
    private let file: UnsafeMutablePointer<FILE>
    private let layout: CSVLayout
    private var stream: CSVRecordLocator.DecodedStream
    /// The physical line at which the next unread record starts.
    private var line = 1
    /// A target further ahead than this many lines is reached by seeking when it has a byte offset.
    private static let seekDistance = 512

    /// - Throws: `SalonError(.io)` if the file cannot be opened, `.decoding` if its encoding is unknown.
    public init(path: String, layout: CSVLayout) throws {
        file = try CSVInputFile.open(path)
        self.layout = layout
        do {
            stream = try CSVRecordLocator.DecodedStream(file: file, decoder: TextDecoder(encoding: layout.encoding.encoding))
        } catch {
            fclose(file)
            throw error
        }
        try rewind()
    }

    deinit { fclose(file) }

    /// The cells of the record that starts at physical `line` (or at `byteOffset` in a UTF-8 file),
    /// padded and trimmed like `CSVRecordLocator.readRecord`; nil when no record starts there.
    public func record(line target: Int, byteOffset: Int64?) throws -> [String]? {
        if let byteOffset, layout.encoding.encoding == .utf8, target < line || target - line > Self.seekDistance {
            try seek(to: byteOffset, line: target)
        } else if target < line {
            try rewind()
        }
        while line < target {
            guard let skipped = try CSVRecordLocator.recordText(&stream, delimiter: layout.delimiter) else { return nil }
            line += skipped.lineBreaks
        }
        guard line == target, let record = try CSVRecordLocator.recordText(&stream, delimiter: layout.delimiter) else { return nil }
        line += record.lineBreaks
        return CSVRecordLocator.normalised(
            CSVRecordLocator.cells(record.text, delimiter: layout.delimiter), width: layout.columns.count)
    }

    private func rewind() throws {
        let bom = layout.encoding.hasBOM ? layout.encoding.encoding.byteOrderMark.count : 0
        try seek(to: Int64(bom), line: 1)
    }

    /// Starts decoding afresh at `offset`: the decoder may hold a partial character of the old position.
    private func seek(to offset: Int64, line target: Int) throws {
        fseeko(file, off_t(offset), SEEK_SET)
        stream = try CSVRecordLocator.DecodedStream(file: file, decoder: TextDecoder(encoding: layout.encoding.encoding))
        line = target
    }
}
