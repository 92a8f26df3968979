import Foundation
import SalonCore
import Testing
@testable import SalonETL

/// The read-ahead thread lets go of its file when the file is done: a run reads hundreds of files,
/// and each reader holds megabytes of buffers.
struct ReadAheadTests {
    /// A reader of `count` one-cell records.
    final class CountingReader: RecordReader {
        private let schema = RecordSchema(columns: ["a"])
        private var remaining: Int
        init(count: Int) { remaining = count }
        func next() throws -> ReaderEvent? {
            guard remaining > 0 else { return nil }
            remaining -= 1
            let provenance = Provenance(sourceID: "s", file: "f.csv", line: remaining + 2, recordIndex: remaining)
            return .record(Record(schema: schema, values: ["\(remaining)"], provenance: provenance, originalText: "\(remaining)"))
        }
    }

    @Test(arguments: [1, 2, 4])
    func aFinishedFileIsReleasedWithItsReader(workers: Int) throws {
        weak var releasedReadAhead: ReadAhead<Int, String>?
        weak var releasedReader: CountingReader?
        do {
            let reader = CountingReader(count: 10_000)
            releasedReader = reader
            let readAhead = ReadAhead<Int, String>(
                reader: reader, bytesRead: { 0 }, display: "f.csv", workers: workers,
                binder: { _ in 1 }, normalize: { record, _ in record.values[0] })
            releasedReadAhead = readAhead
            var outputs = 0
            while let batch = try readAhead.next() { outputs += batch.outputs.compactMap { $0 }.count }
            readAhead.cancel()
            #expect(outputs == 10_000)
        }
        // The producer thread may still be returning from its last call; give it a moment.
        for _ in 0..<200 where releasedReadAhead != nil || releasedReader != nil { usleep(5_000) }
        #expect(releasedReadAhead == nil)
        #expect(releasedReader == nil)
    }
}
