import Foundation
import SalonCore

/// Keeps two `salon-etl import` runs from working on the same PostgreSQL database at once: a
/// session advisory lock (`importLockKey`) held on a connection of its own for the whole import.
///
/// The holder names itself in its connection's `application_name` ("salon-etl import pid … on …
/// since …"), which the next import reads from `pg_stat_activity` to say who holds the lock. The
/// server drops the lock when the holder's session ends, also when its process is killed, so no
/// stale holder is ever left to clear. The key differs from the publish lock, which each file's
/// publish takes and releases inside the import.
public final class PostgresImportLock {
    /// "SalonImp" in ASCII.
    public static let importLockKey: Int64 = 0x5361_6C6F_6E49_6D70
    private var connection: PostgresConnection?
    public let holder: String

    /// Takes the lock or fails at once, naming the holder.
    /// - Throws: `SalonError(.io)` when another import holds it; `PostgresError` when the server
    ///   cannot be reached.
    public init(url: String, now: Date = Date()) throws {
        let connection = try PostgresConnection(url: url)
        holder = "salon-etl import pid \(getpid()) on \(HostName.current) since \(ISO8601DateFormatter().string(from: now))"
        try connection.execute("SELECT set_config('application_name', $1, false)", [holder])
        guard try connection.query("SELECT pg_try_advisory_lock($1)", [String(Self.importLockKey)]).first?.first == "t" else {
            let holders = try connection.query("""
                SELECT a.application_name, a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::oid AND l.objid = $2::oid AND l.objsubid = 1
                """, [String(UInt32(truncatingIfNeeded: Self.importLockKey >> 32)), String(UInt32(truncatingIfNeeded: Self.importLockKey))])
            let named = holders.first.map { row in
                (row[0].flatMap { $0.isEmpty ? nil : $0 } ?? "a session without an application name") + ", server pid \(row[1] ?? "?")"
            }
            throw SalonError(
                .io, "another import is running against this database (\(named ?? "holder unknown"))",
                location: PostgresURL.redacted(url),
                fix: "wait for it to finish; the server releases the lock when that session ends, even if its process is killed")
        }
        self.connection = connection
    }

    /// Drops the lock (closing its connection). Called at the end of an import.
    public func release() {
        guard let connection else { return }
        _ = try? connection.execute("SELECT pg_advisory_unlock($1)", [String(Self.importLockKey)])
        self.connection = nil
    }

    deinit { release() }
}
