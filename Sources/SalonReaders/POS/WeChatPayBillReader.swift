#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a WeChat Pay merchant bill CSV (`format: wechatpay-csv`) as records, one per transaction.
///
/// The bill as downloaded has a preamble (微信支付账单明细, 起始时间：[…], 共N笔记录, a dashed line)
/// above the header, every cell prefixed with a backquote so Excel keeps long order numbers as
/// text, and a summary block at the end (总交易单数,应结订单总金额,… and one row of values). The
/// preamble is skipped and kept in `preamble`; backquotes are stripped from the values (the
/// record's `originalText` stays as written); the summary is not a record but `summary`, so a
/// validator can check the bill's control totals against the records it read.
public final class WeChatPayBillReader: RecordReader {
    /// The first header cell that marks the transaction table.
    static let headerMarker = "交易时间"
    /// The first cell of the summary block's header.
    static let summaryMarker = "总交易单数"

    public var layout: CSVLayout { csv.layout }
    public var fileSize: Int64 { csv.fileSize }
    public var bytesRead: Int64 { csv.bytesRead }
    /// The lines above the header, as decoded (blank lines included).
    public let preamble: [String]
    /// Physical lines above the header.
    public var preambleLineCount: Int { max(layout.headerLine - 1, 0) }
    /// Summary header → value (backquotes stripped), filled when the reader reaches the summary.
    public private(set) var summary: [String: String] = [:]
    /// The summary's header cells in file order.
    public private(set) var summaryColumns: [String] = []

    private enum Phase { case transactions, summaryValues, afterSummary }

    private let csv: CSVRecordReader
    private var phase = Phase.transactions
    private var heldWarning: Warning?
    private var queued: ReaderEvent?

    /// Finds the header below the preamble and opens the bill.
    /// - Throws: as `CSVRecordReader.init(path:options:)`; `SalonError(.decoding)` when no
    ///   `交易时间` header appears in the first 50 rows (not a WeChat Pay bill).
    public init(path: String, options: CSVReadOptions) throws {
        let found = try Self.findHeader(path: path, options: options)
        var options = options
        options.headerRow = found.headerRow
        options.delimiter = options.delimiter ?? UInt8(ascii: ",")
        csv = try CSVRecordReader(path: path, options: options)
        preamble = found.preamble
    }

    public func next() throws -> ReaderEvent? {
        if let queued {
            self.queued = nil
            return queued
        }
        while let event = try csv.next() {
            switch event {
            case .warning(let warning):
                // The summary rows are narrower than the header; their short-row warning is noise.
                heldWarning = warning
            case .reject:
                return flushWarning(then: event)
            case .record(var record):
                for index in record.values.indices { record.values[index] = Self.strippingBackquote(record.values[index]) }
                let warning = heldWarning
                heldWarning = nil
                switch phase {
                case .transactions where record.values.first == Self.summaryMarker:
                    summaryColumns = Self.trimmedTrailingEmpty(record.values)
                    phase = .summaryValues
                case .transactions:
                    if let warning {
                        queued = .record(record)
                        return .warning(warning)
                    }
                    return .record(record)
                case .summaryValues:
                    for (column, value) in zip(summaryColumns, record.values) { summary[column] = value }
                    phase = .afterSummary
                case .afterSummary:
                    return .reject(Reject(
                        code: .wechatPayAfterSummary, message: "a row after the bill's summary is not a transaction",
                        stage: .read, provenance: record.provenance, originalText: record.originalText))
                }
            }
        }
        return flushWarning(then: nil)
    }

    private func flushWarning(then event: ReaderEvent?) -> ReaderEvent? {
        guard let warning = heldWarning else { return event }
        heldWarning = nil
        queued = event
        return .warning(warning)
    }

    /// Excel would read `4200001234567890` as a number and lose digits, so WeChat writes
    /// `` `4200001234567890 ``; the mark is not part of the value.
    static func strippingBackquote(_ text: String) -> String {
        text.utf8.first == UInt8(ascii: "`") ? String(text.dropFirst()) : text
    }

    private static func trimmedTrailingEmpty(_ values: [String]) -> [String] {
        var values = values
        while values.last?.isEmpty == true { values.removeLast() }
        return values
    }

    /// Scans the first rows for the `交易时间` header; returns its 1-based row (as
    /// `CSVReadOptions.headerRow` counts) and the decoded lines above it.
    private static func findHeader(path: String, options: CSVReadOptions) throws -> (headerRow: Int, preamble: [String]) {
        let file = try CSVInputFile.open(path)
        let detection = CSVInputFile.settleEncoding(file, given: options.encoding)
        let decoder: TextDecoder
        do { decoder = try TextDecoder(encoding: detection.encoding) } catch {
            fclose(file)
            throw error
        }
        let bomLength = detection.hasBOM ? detection.encoding.byteOrderMark.count : 0
        let scanner = CSVScanner(file: file, path: path, startOffset: Int64(bomLength), decoder: decoder, chunkSize: 1 << 16)
        scanner.delimiter = options.delimiter ?? UInt8(ascii: ",")
        var preamble: [String] = []
        while preamble.count < 50, let row = try scanner.nextRow() {
            let first = strippingBackquote(row.fields.first ?? "").trimmingCharacters(in: [" ", "\t", "\u{FEFF}"])
            if first == headerMarker { return (preamble.count + 1, preamble) }
            preamble.append(row.text)
        }
        throw SalonError(
            .decoding, "no WeChat Pay bill header (a row starting with \(headerMarker)) in the first \(preamble.count) rows",
            location: path, fix: "check that the file is a WeChat Pay merchant bill, or read it as format: csv")
    }
}

extension String {
    /// Drops the given characters from both ends.
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }) else { return "" }
        let last = lastIndex(where: { !set.contains($0) })!
        return String(self[first...last])
    }
}
