#if canImport(Glibc)
import Glibc
#endif

/// This machine's name as `gethostname` gives it, for lock holders' descriptions (which run holds
/// the import lock, and where). Never resolved through DNS, so it cannot stall.
public enum HostName {
    public static var current: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown host" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
