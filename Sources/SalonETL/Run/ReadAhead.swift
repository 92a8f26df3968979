import Dispatch
import Foundation
import SalonCore
import SalonNormalizers

/// Reads and normalizes a file ahead of the thread that resolves and stages it: customer files
/// with the customer normalizer, receipt files with the receipt-line normalizer.
///
/// With one worker everything happens on the caller's thread, batch by batch. With more, a
/// producer thread reads the file and normalizes each batch (split over `workers - 1` threads when
/// there are more than two), and hands batches over through a queue of at most `depth` batches, so
/// memory stays bounded whatever the file size. Batches come out in file order and normalizers are
/// pure functions of the record, so what is staged does not depend on the number of workers.
final class ReadAhead<Binding: Sendable, Output: Sendable>: @unchecked Sendable {
    typealias Binder = (Record) throws -> Binding
    typealias Normalize = @Sendable (Record, Binding) -> Output

    /// One event of a read batch, with the record's column binding resolved.
    enum Item: Sendable {
        case record(Record, Binding)
        case reject(Reject)
        case warning(Warning)
    }

    /// One batch, read and normalized, ready to be staged in order.
    struct Batch {
        var items: [Item]
        /// One output per item, in item order: nil for the batch's rejects and warnings.
        var outputs: [Output?]
        /// The reader's position after the batch, for progress.
        var bytesRead: Int64
        var readNanos: UInt64
        var normalizeNanos: UInt64
    }

    /// Batches that may wait between the threads.
    private var depth: Int { 2 }

    private let workers: Int
    private let normalizeRecord: Normalize
    private let display: String
    private let binder: Binder
    // The reader moves to the producer thread when there is one, and is touched only there.
    private var reader: any RecordReader
    private let bytesRead: () -> Int64
    private var finished = false

    // Shared between the producer and the consumer, under `lock`.
    private let lock = NSCondition()
    private var queue: [Result<Batch, any Error>] = []
    private var producerDone = false
    private var cancelled = false
    private var thread: Thread?

    init(
        reader: any RecordReader, bytesRead: @escaping () -> Int64, display: String, workers: Int,
        binder: @escaping Binder, normalize: @escaping Normalize
    ) {
        self.reader = reader
        self.bytesRead = bytesRead
        self.display = display
        normalizeRecord = normalize
        self.workers = max(1, workers)
        self.binder = binder
        if self.workers > 1 {
            // The producer holds the object only while it runs (`cancel()` stops it early). The
            // Thread keeps its block after the thread ends, and `self` keeps the Thread, so a
            // strong capture would keep every file's reader (and its buffers) for the whole run.
            let thread = Thread { [weak self] in self?.produce() }
            thread.name = "salon-etl.read-ahead"
            thread.stackSize = 4 << 20
            self.thread = thread
            thread.start()
        }
    }

    /// The next batch in file order, nil after the last. Rethrows, in order, what reading threw.
    func next() throws -> Batch? {
        guard thread != nil else {
            if finished { return nil }
            return try readAndNormalize()
        }
        lock.lock()
        defer { lock.unlock() }
        while queue.isEmpty && !producerDone { lock.wait() }
        if queue.isEmpty { return nil }
        let first = queue.removeFirst()
        lock.broadcast()
        return try first.get()
    }

    /// Stops the producer (the consumer gave up on the file) and waits until it has let go of the
    /// reader, so the reader is never used by two threads.
    func cancel() {
        guard thread != nil else { return }
        lock.lock()
        cancelled = true
        queue.removeAll()
        lock.broadcast()
        while !producerDone { lock.wait() }
        lock.unlock()
    }

    private func produce() {
        while true {
            let result: Result<Batch, any Error>
            do {
                guard let batch = try readAndNormalize() else { break }
                result = .success(batch)
            } catch {
                result = .failure(error)
            }
            lock.lock()
            while queue.count >= depth && !cancelled { lock.wait() }
            if cancelled {
                lock.unlock()
                break
            }
            queue.append(result)
            lock.broadcast()
            lock.unlock()
            if case .failure = result { break }
        }
        lock.lock()
        producerDone = true
        lock.broadcast()
        lock.unlock()
    }

    /// Reads up to `readAheadBatchSize` events and normalizes the batch's records; nil at the end of the file.
    private func readAndNormalize() throws -> Batch? {
        if finished { return nil }
        let readStart = monotonicNanos()
        var items: [Item] = []
        items.reserveCapacity(readAheadBatchSize)
        while items.count < readAheadBatchSize {
            guard let event = try reader.next() else {
                finished = true
                break
            }
            switch event {
            case .record(var record):
                record.provenance.file = display
                items.append(.record(record, try binder(record)))
            case .reject(var reject):
                reject.provenance.file = display
                items.append(.reject(reject))
            case .warning(let warning):
                items.append(.warning(warning))
            }
        }
        if items.isEmpty && finished { return nil }
        let normalizeStart = monotonicNanos()
        let outputs = normalize(items)
        let end = monotonicNanos()
        return Batch(
            items: items, outputs: outputs, bytesRead: bytesRead(), readNanos: normalizeStart &- readStart,
            normalizeNanos: end &- normalizeStart)
    }

    /// Normalizes on this thread, or split in contiguous slices over the extra workers; each slice
    /// writes only its own outputs, so the order is the batch's.
    private func normalize(_ items: [Item]) -> [Output?] {
        let slices = min(max(1, workers - 1), max(1, items.count / 256))
        let normalizeRecord = normalizeRecord
        @Sendable func output(_ item: Item) -> Output? {
            guard case .record(let record, let binding) = item else { return nil }
            return normalizeRecord(record, binding)
        }
        if slices == 1 { return items.map(output) }
        var outputs = [Output?](repeating: nil, count: items.count)
        outputs.withUnsafeMutableBufferPointer { buffer in
            let base = UnsafeSendablePointer(buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                let lower = items.count * slice / slices
                let upper = items.count * (slice + 1) / slices
                for index in lower..<upper { base.pointer[index] = output(items[index]) }
            }
        }
        return outputs
    }
}

/// Records per read-ahead batch.
let readAheadBatchSize = 4096

/// A buffer base address handed to `concurrentPerform` slices that write disjoint ranges.
private struct UnsafeSendablePointer<Pointee>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pointee>
    init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
}
