import Foundation

/// A small bounded hand-off of inflated chunks from the producer thread to the parser. ZIPFoundation
/// only pushes an entry's bytes into a closure, while libxml2's reader pulls them, so the entry is
/// inflated on its own thread and at most `capacity` chunks wait in memory.
final class XLSXChunkChannel: @unchecked Sendable {
    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 4) {
        self.capacity = capacity
    }

    /// Producer: waits for room. Throws `CancellationError` once the reader is gone.
    func put(_ chunk: Data) throws {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        chunks.append(chunk)
        condition.broadcast()
    }

    /// Producer: no more chunks; `error` says why inflation stopped early.
    func finish(_ error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Consumer: the next chunk, nil at the end of the entry.
    /// - Throws: what stopped the producer.
    func take() throws -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        if !chunks.isEmpty {
            condition.broadcast()
            return chunks.removeFirst()
        }
        if let failure { throw failure }
        return nil
    }

    /// Consumer: stop the producer (the sheet is skipped or the reader is released).
    func cancel() {
        condition.lock()
        cancelled = true
        chunks.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
