import Foundation
import SalonCore

/// Keeps two imports from running against the same database: an exclusive `flock` on
/// `<db>.import.lock`, whose content names the holder (pid, host, start time).
///
/// flock rather than a row in the database: the kernel drops the lock when its process dies, even
/// by `kill -9`, so a stale lock never needs guessing from a pid that may have been reused, and
/// taking it writes nothing to the database. A holder that died leaves its line in the file: the
/// next import takes the lock, reports the stale holder it cleared, and writes its own line. The
/// lock file stays (removing it would race with an import that has just opened it). Like SQLite's
/// own locking, it needs the database on a local file system, not NFS.
public final class ImportLock {
    public let path: String
    /// The holder line a killed import left behind, when this import cleared it.
    public let clearedStaleHolder: String?
    private var descriptor: Int32

    /// Takes the lock or fails at once, naming the holder.
    /// - Throws: `SalonError(.io)` when another import holds it or the file cannot be opened.
    public init(databasePath: String, now: Date = Date()) throws {
        path = databasePath + ".import.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw SalonError(.io, "cannot open the import lock: \(String(cString: strerror(errno)))", location: path,
                             fix: "check that the database's folder is writable")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.read(descriptor)
            close(descriptor)
            throw SalonError(
                .io, "another import is running against this database (\(holder.isEmpty ? "holder unknown" : holder))",
                location: path, fix: "wait for it to finish; the lock is released when that process ends, even if it is killed")
        }
        let previous = Self.read(descriptor)
        clearedStaleHolder = previous.isEmpty ? nil : previous
        let line = "pid \(getpid()) on \(HostName.current) since \(ISO8601DateFormatter().string(from: now))"
        ftruncate(descriptor, 0)
        _ = line.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        fsync(descriptor)
    }

    /// Empties the holder line and drops the lock. Called at the end of an import; a killed
    /// import never gets here, which is how the next one tells a stale holder.
    public func release() {
        guard descriptor >= 0 else { return }
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }

    private static func read(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return "" }
        return String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
