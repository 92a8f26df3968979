import Foundation

/// Connections kept open between the runs of one process. `salon-etl import` publishes each file
/// as its own run; with a new connection for every use, a store-day file paid for three server
/// backends (the kept-apart read, the publish, the cut check), each starting with cold catalog
/// caches and creating its temporary tables again.
///
/// Connections to a URL are kept only inside `keepingConnections(to:)` for that URL; elsewhere
/// `giveBack` closes them, as before. A connection serves one user at a time, and is kept only if
/// it is healthy and idle (no transaction open), so a failed publish never hands on a broken
/// session.
public final class PostgresConnectionPool: @unchecked Sendable {
    public static let shared = PostgresConnectionPool()

    private let lock = NSLock()
    private var keepers: [String: Int] = [:]
    private var idle: [String: [PostgresConnection]] = [:]

    /// A connection to `url`: one kept idle, else a new one.
    /// - Throws: `PostgresError` when a new connection cannot be made.
    public func take(url: String) throws -> PostgresConnection {
        if let kept = lock.withLock({ idle[url]?.popLast() }) { return kept }
        return try PostgresConnection(url: url)
    }

    /// Ends a use of `connection`: kept for the next `take` while connections are being kept, else
    /// closed when the last reference goes.
    public func giveBack(_ connection: PostgresConnection) {
        guard lock.withLock({ keepers[connection.url, default: 0] > 0 }), connection.isIdle else { return }
        // A session-level advisory lock left held would block other processes for as long as
        // the connection is kept.
        guard (try? connection.execute("SELECT pg_advisory_unlock_all()")) != nil else { return }
        lock.withLock {
            if keepers[connection.url, default: 0] > 0 { idle[connection.url, default: []].append(connection) }
        }
    }

    /// Runs `body` keeping connections to `url` open between uses; the kept ones are closed
    /// when the outermost call for that URL returns.
    public func keepingConnections<T>(to url: String, _ body: () throws -> T) rethrows -> T {
        lock.withLock { keepers[url, default: 0] += 1 }
        defer {
            // Closed outside the lock (PQfinish talks to the server).
            let closing: [PostgresConnection] = lock.withLock {
                keepers[url, default: 1] -= 1
                guard keepers[url] == 0 else { return [] }
                keepers[url] = nil
                return idle.removeValue(forKey: url) ?? []
            }
            _ = closing
        }
        return try body()
    }

    /// How many connections to `url` are kept idle now.
    public func idleCount(url: String) -> Int { lock.withLock { idle[url]?.count ?? 0 } }
}
