import Foundation
import SalonReaders

/// Paths, temp files and whole-file reads shared by the SpreadsheetML suites.
enum SpreadsheetMLTestSupport {
    /// ../shared/corpus/spreadsheetml-2003 next to the package root.
    static let corpus: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("../shared/corpus/spreadsheetml-2003").standardizedFileURL
    }()

    static func corpusPath(_ relative: String) -> String {
        corpus.appendingPathComponent(relative).path
    }

    /// Writes `text` (UTF-8) into a fresh temp directory and returns the file's path.
    static func write(_ text: String, name: String = "book.xml") throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("salon-sheets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Wraps worksheets in a Workbook with Excel's namespace declarations.
    static func workbook(_ worksheets: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <?mso-application progid="Excel.Sheet"?>
        <Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
         xmlns:o="urn:schemas-microsoft-com:office:office"
         xmlns:x="urn:schemas-microsoft-com:office:excel"
         xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
         xmlns:html="http://www.w3.org/TR/REC-html40">
        \(worksheets)
        </Workbook>
        """
    }

    /// Everything a reader yields, split by kind, plus the order of kinds.
    struct Events {
        var records: [Record] = []
        var rejects: [Reject] = []
        var warnings: [Warning] = []

        /// Every text the events carry, to check that nothing smuggled in appears anywhere.
        var allText: String {
            (records.flatMap { $0.values + [$0.originalText] } + rejects.flatMap { [$0.message, $0.originalText] }
                + warnings.map(\.message)).joined(separator: "\n")
        }
    }

    static func readAll(_ path: String, sheets: [String]? = nil, headerRow: Int? = nil) throws -> Events {
        let reader = try SpreadsheetMLRecordReader(
            path: path, options: SpreadsheetMLReadOptions(sourceID: "test", sheets: sheets, headerRow: headerRow))
        var events = Events()
        while let event = try reader.next() {
            switch event {
            case .record(let record): events.records.append(record)
            case .reject(let reject): events.rejects.append(reject)
            case .warning(let warning): events.warnings.append(warning)
            }
        }
        return events
    }
}
