#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `SALON_ETL_SLOW_SQL_MS=N` prints every statement that ran longer than N ms to stderr, with its
/// time and the process's resident memory when it ended, on SQLite and on PostgreSQL: the
/// benchmark's way of seeing which statement a stage spends its time and memory in. Only the SQL
/// text is printed, never bound values (which may be personal data).
enum SlowStatementLog {
    static let thresholdMilliseconds: Double? = getenv("SALON_ETL_SLOW_SQL_MS").flatMap { Double(String(cString: $0)) }

    static func report(_ sql: String, milliseconds: Double) {
        guard let threshold = thresholdMilliseconds, milliseconds >= threshold else { return }
        let text = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let line = "sql \(Int(milliseconds)) ms, rss \(residentMegabytes()) MB: \(text.prefix(160))\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }

    /// Times `body` when the log is on.
    static func timed<T>(_ sql: String, _ body: () throws -> T) rethrows -> T {
        guard thresholdMilliseconds != nil else { return try body() }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        defer {
            var end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &end)
            report(sql, milliseconds: Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1_000_000)
        }
        return try body()
    }

    /// Resident memory of this process now, from /proc/self/statm ("size resident shared …" in pages).
    private static func residentMegabytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let fields = buffer[..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
