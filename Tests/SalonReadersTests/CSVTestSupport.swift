import Foundation
@testable import SalonReaders

/// Helpers shared by the CSV suites: corpus paths, temporary fixtures, reading all events.
enum CSVTestSupport {
    static var packageRoot: URL {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    static func corpus(_ relative: String) -> URL {
        packageRoot.appendingPathComponent("../shared/corpus").appendingPathComponent(relative).standardizedFileURL
    }

    /// Writes `bytes` to a fresh temporary file and returns its path.
    static func makeFile(_ bytes: [UInt8], name: String = "fixture.csv") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("salon-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func makeFile(_ text: String, name: String = "fixture.csv") throws -> String {
        try makeFile(Array(text.utf8), name: name)
    }

    struct Result {
        var layout: CSVLayout
        var events: [ReaderEvent]
        var records: [Record] { events.compactMap { if case .record(let r) = $0 { r } else { nil } } }
        var rejects: [Reject] { events.compactMap { if case .reject(let r) = $0 { r } else { nil } } }
        var warnings: [SalonCore.Warning] { events.compactMap { if case .warning(let w) = $0 { w } else { nil } } }
        /// Header cells as row 1, then each record's values: the grid A1 references address.
        var grid: [[String]] { [layout.headerCells] + records.map(\.values) }
    }

    static func readAll(_ path: String, options: CSVReadOptions = CSVReadOptions(sourceID: "test"), chunkSize: Int = 1 << 20) throws -> Result {
        let reader = try CSVRecordReader(path: path, options: options, chunkSize: chunkSize)
        var events: [ReaderEvent] = []
        while let event = try reader.next() { events.append(event) }
        return Result(layout: reader.layout, events: events)
    }
}
