import Foundation
import SalonCore
import SalonReaders

/// One opened source file: its reader and what the reader found out about the file.
struct OpenedSource {
    var reader: any RecordReader
    var summary: RunReport.FileSummary
    var bytesRead: () -> Int64
    var fileSize: Int64
}

enum SourceReaderFactory {
    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Opens the right reader for the source's format.
    static func open(path: String, displayPath: String, source: PipelineSpec.Source) throws -> OpenedSource {
        switch source.read.format {
        case .csv:
            let encoding = source.read.encoding.flatMap(TextEncoding.init(name:))
            let reader = try CSVRecordReader(
                path: path,
                options: CSVReadOptions(sourceID: source.id, encoding: encoding, delimiter: source.read.delimiter, headerRow: source.read.headerRow))
            let layout = reader.layout
            let summary = RunReport.FileSummary(
                path: displayPath, format: "csv", encoding: layout.encoding.encoding.rawValue,
                encodingConfidence: layout.encoding.confidence, delimiter: DelimiterName.name(layout.delimiter),
                headerLine: layout.headerLine, records: 0, sha256: nil, sizeBytes: nil)
            return OpenedSource(reader: reader, summary: summary,
                                bytesRead: { reader.bytesRead }, fileSize: fileSize(path))
        case .paperIntake:
            return try PaperIntakeSource.open(path: path, displayPath: displayPath, source: source)
        case .spreadsheetml:
            let reader = try SpreadsheetMLRecordReader(
                path: path,
                options: SpreadsheetMLReadOptions(sourceID: source.id, sheets: source.read.sheets, headerRow: source.read.headerRow))
            let summary = RunReport.FileSummary(
                path: displayPath, format: "spreadsheetml", encoding: "utf-8", encodingConfidence: nil, delimiter: nil,
                headerLine: source.read.headerRow, records: 0, sha256: nil, sizeBytes: nil)
            return OpenedSource(reader: reader, summary: summary,
                                bytesRead: { reader.bytesRead }, fileSize: fileSize(path))
        case .xlsx:
            let reader = try XLSXRecordReader(
                path: path, options: XLSXReadOptions(sourceID: source.id, sheets: source.read.sheets, headerRow: source.read.headerRow))
            let summary = RunReport.FileSummary(
                path: displayPath, format: "xlsx", encoding: "utf-8", encodingConfidence: nil, delimiter: nil,
                headerLine: source.read.headerRow, records: 0, sha256: nil, sizeBytes: nil)
            return OpenedSource(reader: reader, summary: summary,
                                bytesRead: { reader.bytesRead }, fileSize: fileSize(path))
        case .wechatTXT, .wechatCSV, .whatsappTXT:
            return try openChat(path: path, displayPath: displayPath, source: source)
        case .posCSV, .wechatpayCSV, .sqlDump:
            return try openPOS(path: path, displayPath: displayPath, source: source)
        }
    }
}

/// Delimiters by the names the pipeline file uses.
enum DelimiterName {
    static func name(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: ","): return "comma"
        case UInt8(ascii: "\t"): return "tab"
        case UInt8(ascii: ";"): return "semicolon"
        case UInt8(ascii: "|"): return "pipe"
        default: return String(UnicodeScalar(byte))
        }
    }
}
