import Foundation
@testable import SalonReaders

/// Helpers shared by the chat suites: sample paths, temporary fixtures, reading all events.
enum ChatTestSupport {
    static func sample(_ name: String) -> String {
        CSVTestSupport.packageRoot.appendingPathComponent("samples/chat").appendingPathComponent(name).path
    }

    static func makeFile(_ text: String, name: String = "chat.txt") throws -> String {
        try CSVTestSupport.makeFile(text, name: name)
    }

    struct Result {
        var events: [ReaderEvent]
        var dateOrder: ChatDateOrder?
        var records: [Record] { events.compactMap { if case .record(let r) = $0 { r } else { nil } } }
        var rejects: [Reject] { events.compactMap { if case .reject(let r) = $0 { r } else { nil } } }
        /// Each record as (time, sender, text, kind).
        var rows: [[String]] { records.map(\.values) }
    }

    static func readAll(
        _ path: String, format: ChatFormat, encoding: TextEncoding? = nil, dateOrder: ChatDateOrder? = nil,
        chunkSize: Int = 1 << 20
    ) throws -> Result {
        let reader = try ChatRecordReader(
            path: path, format: format,
            options: ChatReadOptions(sourceID: "chat-test", encoding: encoding, dateOrder: dateOrder),
            chunkSize: chunkSize)
        var events: [ReaderEvent] = []
        while let event = try reader.next() { events.append(event) }
        return Result(events: events, dateOrder: reader.dateOrder)
    }
}
