#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic nanoseconds, cheap enough to call around every record.
@inline(__always)
func monotonicNanos() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Accumulated time per stage of a streaming loop, where stages interleave record by record.
struct StageClock {
    private(set) var nanos: [String: UInt64] = [:]
    private(set) var order: [String] = []

    mutating func add(_ stage: String, since start: UInt64) -> UInt64 {
        let now = monotonicNanos()
        if nanos[stage] == nil { order.append(stage) }
        nanos[stage, default: 0] += now &- start
        return now
    }

    /// Adds time measured elsewhere (another thread's busy time).
    mutating func add(_ stage: String, nanos elapsed: UInt64) {
        if nanos[stage] == nil { order.append(stage) }
        nanos[stage, default: 0] += elapsed
    }

    func seconds(_ stage: String) -> Double { Double(nanos[stage] ?? 0) / 1e9 }
}

#if canImport(Glibc)
private let RUSAGE_SELF_WHO = __rusage_who_t(RUSAGE_SELF.rawValue)
#else
private let RUSAGE_SELF_WHO = RUSAGE_SELF
#endif

/// The process's own resource figures, for the report's timings.
enum ResourceUsage {
    static var peakRSSBytes: Int64 {
        var usage = rusage()
        getrusage(RUSAGE_SELF_WHO, &usage)
        return Int64(usage.ru_maxrss) * 1024
    }

    static var cpuSeconds: Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF_WHO, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }
}
