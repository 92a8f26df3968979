import Foundation
import SalonCore
import SalonStore

/// Erases one customer from everything runs wrote under a workspace root: staging databases,
/// reject files (JSONL and CSV), reports, review and sign-off sheets.
///
/// Record files lose whole records (a reject line of the customer's source record, or one that
/// mentions them); other text files keep their shape and have each mention replaced. Files are
/// rewritten owner-only, like everything in a workspace.
public struct WorkspaceScrubber {
    public var tokens: ErasureTokens
    public var records: Set<SourceRecordKey>

    public init(tokens: ErasureTokens, records: Set<SourceRecordKey>) {
        self.tokens = tokens
        self.records = records
    }

    /// Files that hold the customer but cannot be scrubbed (binary formats we do not write).
    public private(set) var leftAlone: [String] = []

    /// Scrubs every file under `root`.
    /// - Returns: what was removed or changed, per file (relative to `root`) or staging table.
    public mutating func scrub(root: String) throws -> [ErasureCount] {
        var counts: [ErasureCount] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: "\(root)/\(relative)", isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        for relative in files.sorted() {
            let path = "\(root)/\(relative)"
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            if data.starts(with: Array("SQLite format 3\0".utf8)) {
                for count in try StagingErasure.erase(path: path, tokens: tokens, records: records) {
                    counts.append(ErasureCount(place: "\(relative):\(count.place)", rows: count.rows))
                }
                continue
            }
            guard let text = String(validatingUTF8Data: data) else {
                if mentions(data) { leftAlone.append(relative) }
                continue
            }
            let (scrubbed, changed): (String, Int)
            if relative.hasSuffix(".jsonl") {
                (scrubbed, changed) = scrubJSONLines(text)
            } else if relative.hasSuffix(".csv") {
                (scrubbed, changed) = scrubCSV(text)
            } else {
                (scrubbed, changed) = scrubText(text)
            }
            guard changed > 0 else { continue }
            try PrivateFile.write(Data(scrubbed.utf8), to: path)
            counts.append(ErasureCount(place: relative, rows: changed))
        }
        return counts
    }

    /// Whether raw bytes contain one of the numbers or names as UTF-8.
    private func mentions(_ data: Data) -> Bool {
        let needles = tokens.nationalNumbers + tokens.names
        return needles.contains { data.range(of: Data($0.utf8)) != nil }
    }

    /// A record key from a reject line's fields.
    private func key(sourceID: String?, file: String?, line: String?, sheet: String?) -> SourceRecordKey? {
        guard let sourceID, let file, let line, !line.isEmpty else { return nil }
        let recordKey = sheet.flatMap { $0.isEmpty ? nil : "\($0)!\(line)" } ?? "line \(line)"
        return SourceRecordKey(sourceID: sourceID, file: file, recordKey: recordKey)
    }

    /// JSON Lines (rejects.jsonl): drops lines of the customer's records or mentioning them.
    func scrubJSONLines(_ text: String) -> (String, Int) {
        var kept: [Substring] = []
        var dropped = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var belongs = tokens.matches(String(line))
            if !belongs, let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                let recordKey = (object["record_key"] as? String).map { SourceRecordKey(
                    sourceID: object["source_id"] as? String ?? "", file: object["file"] as? String ?? "", recordKey: $0) }
                belongs = recordKey.map(records.contains) ?? false
            }
            if belongs { dropped += 1 } else { kept.append(line) }
        }
        return (kept.joined(separator: "\n"), dropped)
    }

    /// CSV (rejects.csv, review and sign-off sheets): drops records of the customer's source
    /// records or mentioning them; the header stays. Quoted cells may span lines.
    func scrubCSV(_ text: String) -> (String, Int) {
        let records = CSVRecordSplitter.records(in: text)
        guard let header = records.first else { return (text, 0) }
        let columns = CSVRecordSplitter.cells(of: header.text)
        func index(_ name: String) -> Int? { columns.firstIndex { $0.trimmingCharacters(in: .init(charactersIn: "\u{FEFF}")) == name } }
        let (sourceColumn, fileColumn, lineColumn, sheetColumn) = (index("source_id"), index("file"), index("line"), index("sheet"))
        var output = header.raw
        var dropped = 0
        for record in records.dropFirst() {
            var belongs = tokens.matches(record.text)
            if !belongs, let sourceColumn, let fileColumn, let lineColumn {
                let cells = CSVRecordSplitter.cells(of: record.text)
                func cell(_ i: Int?) -> String? { i.flatMap { $0 < cells.count ? cells[$0] : nil } }
                belongs = key(sourceID: cell(sourceColumn), file: cell(fileColumn), line: cell(lineColumn), sheet: cell(sheetColumn))
                    .map(self.records.contains) ?? false
            }
            if belongs { dropped += 1 } else { output += record.raw }
        }
        return (output, dropped)
    }

    /// Any other text (reports, notes): each mention replaced.
    func scrubText(_ text: String) -> (String, Int) {
        guard let redacted = tokens.redact(text) else { return (text, 0) }
        return (redacted, 1)
    }
}

extension String {
    /// The text when the bytes are valid UTF-8 (a BOM is kept), else nil.
    init?(validatingUTF8Data data: Data) {
        guard let text = String(data: data, encoding: .utf8) else { return nil }
        self = text
    }
}
