import Foundation

/// One piece of work on its own thread, started at once and waited for once: the validators and
/// the sample re-check beside the publish. What the work uses must not be touched by the caller until `wait()`
/// returns; the caller must call `wait()` (or `waitIgnoringOutcome()`) before it lets go of them.
final class BackgroundWork<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: Result<Value, any Error>?
    private var body: (() throws -> Value)?

    init(name: String, _ body: @escaping () throws -> Value) {
        self.body = body
        let thread = Thread { [self] in
            let result = Result { try self.body!() }
            condition.lock()
            outcome = result
            // The work's captures (connections, writers) go with it, on this thread.
            self.body = nil
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// The work's value, or what it threw, once it has finished.
    func wait() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return try outcome!.get()
    }

    /// Waits for the work on a path that is failing anyway.
    func waitIgnoringOutcome() {
        _ = try? wait()
    }
}
