#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the records of an Excel-style CSV file: detects the encoding, the delimiter and the
/// header row from a bounded prefix, then reads in chunks (1 MiB) so memory stays flat however
/// large the file is. Bad rows come back as rejects with their line and text; the rest loads.
public final class CSVRecordReader: RecordReader {
    public let layout: CSVLayout
    public let fileSize: Int64
    /// Bytes of the file consumed so far, for progress.
    public var bytesRead: Int64 { scanner.bytesRead }

    private let scanner: CSVScanner
    private let schema: RecordSchema
    private let options: CSVReadOptions
    private let path: String
    /// For UTF-8, decoded offsets equal file offsets after the byte order mark; other encodings
    /// change byte lengths, so their records carry no byte offset.
    private let byteOffsetBase: Int64?
    /// Rows read ahead while finding the header, not yet turned into events.
    private var lookahead: [CSVScanner.Row]
    private var lookaheadIndex = 0
    /// The record that follows a short-row warning.
    private var queued: ReaderEvent?
    private var recordIndex = 0

    /// Opens `path` and determines its layout.
    /// - Throws: `SalonError(.io)` if the file cannot be read, `.configuration` if `headerRow`
    ///   lies beyond the end of the file, `.decoding` if the encoding has no decoder.
    public convenience init(path: String, options: CSVReadOptions) throws {
        try self.init(path: path, options: options, chunkSize: 1 << 20)
    }

    /// - Parameter chunkSize: bytes per read; tests pass tiny sizes to cut characters and quoted
    ///   fields at chunk boundaries.
    init(path: String, options: CSVReadOptions, chunkSize: Int) throws {
        self.path = path
        self.options = options
        let file = try CSVInputFile.open(path)
        fileSize = CSVInputFile.size(file)
        let detection = CSVInputFile.settleEncoding(file, given: options.encoding)
        let bomLength = detection.hasBOM ? detection.encoding.byteOrderMark.count : 0
        let decoder: TextDecoder
        do { decoder = try TextDecoder(encoding: detection.encoding) } catch {
            fclose(file)
            throw error
        }
        scanner = CSVScanner(
            file: file, path: path, startOffset: Int64(bomLength), decoder: decoder, chunkSize: chunkSize)
        byteOffsetBase = detection.encoding == .utf8 ? Int64(bomLength) : nil

        var prefix = try scanner.prefix(minimum: EncodingDetector.sampleSize)
        let sepDelimiter = CSVLayoutDetector.sepLineDelimiter(prefix)
        if sepDelimiter != nil {
            _ = try scanner.nextRow()
            prefix = try scanner.prefix(minimum: EncodingDetector.sampleSize)
        }
        let delimiter = options.delimiter ?? sepDelimiter ?? CSVLayoutDetector.sniffDelimiter(prefix)
        scanner.delimiter = delimiter

        var rows: [CSVScanner.Row] = []
        let headerIndex: Int?
        if let headerRow = options.headerRow {
            while rows.count < max(headerRow, 1) + 5, let row = try scanner.nextRow() { rows.append(row) }
            guard headerRow >= 1, headerRow <= rows.count else {
                throw SalonError(
                    .configuration, "header row \(headerRow) is beyond the \(rows.count) rows of the file",
                    location: path, fix: "set headerRow to a row that exists, or leave it out to detect it")
            }
            headerIndex = headerRow - 1
        } else {
            while rows.count < 50, let row = try scanner.nextRow() { rows.append(row) }
            headerIndex = CSVLayoutDetector.headerIndex(rows)
        }

        let headerCells = headerIndex.map { rows[$0].fields } ?? []
        let columns = CSVLayoutDetector.uniqueColumnNames(headerCells)
        schema = RecordSchema(columns: columns)
        lookahead = headerIndex.map { Array(rows[($0 + 1)...]) } ?? []
        let samples = lookahead.lazy.filter { !$0.isBlank && !$0.unterminated }.prefix(5).map {
            Array(($0.fields + Array(repeating: "", count: max(0, columns.count - $0.fields.count))).prefix(columns.count))
        }
        layout = CSVLayout(
            encoding: detection, delimiter: delimiter, hasSepLine: sepDelimiter != nil,
            headerLine: headerIndex.map { rows[$0].line } ?? 0, columns: columns, headerCells: headerCells,
            sampleRows: Array(samples))
    }

    /// Bytes the scanner's buffer holds room for; tests check that it stays bounded.
    var bufferCapacity: Int { scanner.bufferCapacity }

    public func next() throws -> ReaderEvent? {
        if let queued {
            self.queued = nil
            return queued
        }
        while true {
            let row: CSVScanner.Row
            if lookaheadIndex < lookahead.count {
                row = lookahead[lookaheadIndex]
                lookaheadIndex += 1
                if lookaheadIndex == lookahead.count {
                    lookahead = []
                    lookaheadIndex = 0
                }
            } else if let streamed = try scanner.nextRow(expectedFields: schema.columns.count) {
                row = streamed
            } else {
                return nil
            }
            if row.isBlank && !row.unterminated { continue }
            return event(for: row)
        }
    }

    /// Turns a non-blank data row into a record, a reject, or a warning followed by the record.
    private func event(for row: CSVScanner.Row) -> ReaderEvent {
        recordIndex += 1
        let provenance = Provenance(
            sourceID: options.sourceID, file: path, line: row.line, recordIndex: recordIndex,
            byteOffset: byteOffsetBase.map { $0 + row.decodedOffset })
        func reject(_ code: ReasonCode, _ message: String) -> ReaderEvent {
            .reject(Reject(code: code, message: message, stage: .read, provenance: provenance, originalText: row.text))
        }
        if row.overlong {
            return reject(
                .csvRecordTooLong,
                "the record is longer than \(scanner.rowLimit) bytes (no line break, or a quote left open); only its first \(CSVScanner.overlongHead) bytes are kept")
        }
        if row.unterminated {
            return reject(.csvUnterminatedQuote, "a quoted field opened in this record is not closed before the end of the file")
        }
        if row.undecodable {
            return reject(
                .csvUndecodableBytes, "the record has bytes that are not valid \(layout.encoding.encoding.rawValue)")
        }
        let width = schema.columns.count
        var values = row.fields
        if values.count > width {
            let extra = values[width...].filter { !$0.isEmpty }.count
            if extra > 0 {
                return reject(
                    .csvExtraCells, "the record has \(values.count) cells (\(extra) non-empty beyond the \(width) columns of the header)")
            }
            values.removeSubrange(width...)
        }
        let record = Record(schema: schema, values: values, provenance: provenance, originalText: row.text)
        guard values.count < width else { return .record(record) }
        let found = values.count
        var padded = record
        padded.values.append(contentsOf: repeatElement("", count: width - found))
        queued = .record(padded)
        return .warning(
            Warning(
                code: .csvShortRow, message: "the record has \(found) of \(width) cells; the missing ones are empty",
                provenance: provenance))
    }
}
