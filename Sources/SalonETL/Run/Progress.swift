#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress line on stderr, shown only when stderr is a terminal (never in logs or cron mail).
public final class ProgressLine {
    private let enabled: Bool
    private var lastDraw: UInt64 = 0
    private var drawn = false

    public init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    /// Redraws at most ten times a second.
    public func update(stage: String, done: Int64, total: Int64, records: Int) {
        guard enabled else { return }
        let now = monotonicNanos()
        guard now &- lastDraw > 100_000_000 else { return }
        lastDraw = now
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\r\(stage) [\(bar)] \(Int(fraction * 100))%  \(records) records"
        writeToStandardError(line)
        drawn = true
    }

    /// Shows what a long step without a measurable fraction is doing (publishing, say).
    public func status(_ text: String) {
        guard enabled else { return }
        writeToStandardError("\r\u{1B}[K\(text)")
        drawn = true
    }

    /// Clears the line before other output.
    public func finish() {
        guard enabled, drawn else { return }
        writeToStandardError("\r\u{1B}[K")
        drawn = false
    }
}

/// Writes straight to file descriptor 2 (the C `stderr` global is not concurrency-safe in Swift 6).
func writeToStandardError(_ text: String) {
    var text = text
    text.withUTF8 { buffer in
        _ = write(STDERR_FILENO, buffer.baseAddress, buffer.count)
    }
}
