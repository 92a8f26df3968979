import Foundation
import SalonCore
import SalonNormalizers

/// Streams rejects to `rejects.jsonl` and `rejects.csv` in the workspace as they happen, so a
/// run with millions of rejects never holds them in memory.
///
/// Phone and ID numbers inside the original text are masked; the full text stays in the CRM
/// database's rejects table for the person fixing the source. CSV cells that a spreadsheet would
/// run as a formula (= + - @, tab, CR) are prefixed with an apostrophe.
final class RejectFileWriter {
    private let jsonl: FileHandle
    private let csv: FileHandle
    private var jsonBuffer = Data()
    private var csvBuffer = Data()
    private let encoder: JSONEncoder
    private(set) var count = 0
    private let pii: PIIDisplay

    struct Line: Encodable {
        var code: String
        var stage: String
        var wholeRecord: Bool
        var sourceId: String
        var file: String
        var line: Int
        var sheet: String?
        var recordKey: String
        var column: String?
        var message: String
        var originalText: String
    }

    init(jsonlPath: String, csvPath: String, pii: PIIDisplay = .masked) throws {
        self.pii = pii
        for path in [jsonlPath, csvPath] {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw SalonError(.io, "cannot create \(path)")
            }
        }
        jsonl = try FileHandle(forWritingTo: URL(fileURLWithPath: jsonlPath))
        csv = try FileHandle(forWritingTo: URL(fileURLWithPath: csvPath))
        encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A UTF-8 BOM so Excel opens the Chinese text correctly.
        csvBuffer.append(contentsOf: [0xEF, 0xBB, 0xBF])
        appendCSVRow(["code", "stage", "whole_record", "source_id", "file", "line", "sheet", "column", "message", "original_text"])
    }

    func write(_ reject: Reject) throws {
        let p = reject.provenance
        let masked = pii.keyed(reject.originalText)
        // Messages are built to carry no numbers, but one quoting a cell must not leak it here.
        let message = pii.keyed(reject.message)
        let line = Line(
            code: reject.code.rawValue, stage: reject.stage.rawValue, wholeRecord: reject.wholeRecord,
            sourceId: p.sourceID, file: p.file, line: p.line, sheet: p.sheet, recordKey: p.recordKey,
            column: reject.column, message: message, originalText: masked)
        jsonBuffer.append(try encoder.encode(line))
        jsonBuffer.append(0x0A)
        appendCSVRow([
            reject.code.rawValue, reject.stage.rawValue, reject.wholeRecord ? "record" : "field", p.sourceID, p.file,
            String(p.line), p.sheet ?? "", reject.column ?? "", message, masked,
        ])
        count += 1
        if jsonBuffer.count > 1 << 16 { try flush() }
    }

    func close() throws {
        try flush()
        try jsonl.close()
        try csv.close()
    }

    private func flush() throws {
        try jsonl.write(contentsOf: jsonBuffer)
        try csv.write(contentsOf: csvBuffer)
        jsonBuffer.removeAll(keepingCapacity: true)
        csvBuffer.removeAll(keepingCapacity: true)
    }

    private func appendCSVRow(_ cells: [String]) {
        let line = cells.map(CSVCell.escape).joined(separator: ",") + "\r\n"
        csvBuffer.append(contentsOf: line.utf8)
    }
}

/// Quoting for CSV we write.
public enum CSVCell {
    /// Quotes a cell when needed and neutralises spreadsheet formulas: a cell starting with
    /// = + - @ (or a tab or CR, which Excel strips before evaluating) gets a leading apostrophe.
    public static func escape(_ text: String) -> String {
        var cell = text
        if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            cell = "'" + cell
        }
        if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }
}
