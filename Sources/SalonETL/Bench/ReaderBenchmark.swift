import Foundation
import SalonCore
import SalonReaders

/// Times one reader over one file, with nothing else in the loop: what `scripts/bench` prints as
/// each reader's throughput. Every event is counted so the figures also show that the whole file
/// was read.
public enum ReaderBenchmark {
    public struct Figure: Sendable {
        public var format: String
        public var path: String
        public var bytes: Int64
        public var seconds: Double
        public var cpuSeconds: Double
        public var records: Int
        public var rejects: Int

        public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1e6 / seconds : 0 }
        public var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }
    }

    /// The formats this benchmark knows, by the names pipeline files use.
    public static let formats = ["csv", "spreadsheetml", "xlsx", "sql-dump", "wechat-txt", "wechat-csv", "whatsapp-txt", "pos-csv"]

    /// Reads `path` to the end with the reader for `format`.
    /// - Throws: `SalonError(.configuration)` for an unknown format; whatever the reader throws.
    public static func measure(format: String, path: String) throws -> Figure {
        var reader = try open(format: format, path: path)
        let cpuStart = ResourceUsage.cpuSeconds
        let start = monotonicNanos()
        var records = 0
        var rejects = 0
        while let event = try reader.next() {
            switch event {
            case .record: records += 1
            case .reject: rejects += 1
            case .warning: break
            }
        }
        let seconds = Double(monotonicNanos() - start) / 1e9
        return Figure(
            format: format, path: path, bytes: SourceReaderFactory.fileSize(path), seconds: seconds,
            cpuSeconds: ResourceUsage.cpuSeconds - cpuStart, records: records, rejects: rejects)
    }

    private static func open(format: String, path: String) throws -> any RecordReader {
        let sourceID = "bench"
        switch format {
        case "csv": return try CSVRecordReader(path: path, options: CSVReadOptions(sourceID: sourceID))
        case "pos-csv": return try POSRecordReader(path: path, options: CSVReadOptions(sourceID: sourceID))
        case "spreadsheetml":
            return try SpreadsheetMLRecordReader(path: path, options: SpreadsheetMLReadOptions(sourceID: sourceID))
        case "xlsx": return try XLSXRecordReader(path: path, options: XLSXReadOptions(sourceID: sourceID))
        case "sql-dump": return try SQLDumpRecordReader(path: path, options: SQLDumpReadOptions(sourceID: sourceID))
        default:
            if let chat = ChatFormat(rawValue: format) {
                return try ChatRecordReader(path: path, format: chat, options: ChatReadOptions(sourceID: sourceID))
            }
            throw SalonError(
                .configuration, "unknown format '\(format)'", fix: "one of: \(formats.joined(separator: ", "))")
        }
    }
}
