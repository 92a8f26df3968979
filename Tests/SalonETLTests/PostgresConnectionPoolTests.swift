import Foundation
import Testing
@testable import SalonStore

/// The connections an import keeps between its files' runs, and the temporary tables that stay
/// with such a session: a connection is handed on only idle and without session locks, nothing
/// is kept outside `keepingConnections(to:)`, and a session table starts every transaction empty.
@Suite(.serialized, .enabled(if: PostgresTestSupport.enabled, PostgresTestSupport.skipReason))
struct PostgresConnectionPoolTests {
    let pool = PostgresConnectionPool.shared

    @Test func connectionsAreKeptOnlyWhileKeepingAndClosedAfter() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let outside = try pool.take(url: url)
        pool.giveBack(outside)
        #expect(pool.idleCount(url: url) == 0, "outside keepingConnections a connection is closed, as before")

        try pool.keepingConnections(to: url) {
            let first = try pool.take(url: url)
            let backend = try first.query("SELECT pg_backend_pid()")
            pool.giveBack(first)
            #expect(pool.idleCount(url: url) == 1)
            let second = try pool.take(url: url)
            #expect(second === first)
            #expect(try second.query("SELECT pg_backend_pid()") == backend, "the same server session")
            #expect(pool.idleCount(url: url) == 0, "a taken connection serves one user")
            let other = try pool.take(url: url)
            #expect(other !== second, "a second user gets a connection of its own")
            pool.giveBack(second)
            pool.giveBack(other)
            #expect(pool.idleCount(url: url) == 2)
        }
        #expect(pool.idleCount(url: url) == 0, "the kept connections are closed when the import ends")
    }

    @Test func aConnectionInATransactionIsNotKeptAndSessionLocksAreReleased() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let key = String(PostgresCRMDatabase.advisoryLockKey)
        try pool.keepingConnections(to: url) {
            let open = try pool.take(url: url)
            try open.execute("BEGIN")
            pool.giveBack(open)
            #expect(pool.idleCount(url: url) == 0, "a session with an open transaction is never handed on")

            let locking = try pool.take(url: url)
            try locking.execute("SELECT pg_advisory_lock($1)", [key])
            pool.giveBack(locking)
            #expect(pool.idleCount(url: url) == 1)
            let elsewhere = try PostgresConnection(url: url)
            #expect(try elsewhere.query("SELECT pg_try_advisory_lock($1)", [key]) == [["t"]],
                    "a kept connection holds no publish lock")
            _ = try elsewhere.query("SELECT pg_advisory_unlock($1)", [key])
        }
    }

    @Test func aSessionTableStartsEveryTransactionEmpty() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let connection = try PostgresConnection(url: url)
        let count = "SELECT COUNT(*) FROM scratch"
        try connection.transaction {
            try connection.createSessionTable("scratch (id BIGINT PRIMARY KEY, note TEXT)")
            try connection.execute("INSERT INTO scratch VALUES (1, 'a'), (2, 'b')", [])
            #expect(try connection.scalarInt(count) == 2)
        }
        #expect(try connection.scalarInt(count) == 0, "emptied at commit, kept for the session")
        #expect(throws: PostgresError.self) {
            try connection.transaction {
                try connection.createSessionTable("scratch (id BIGINT PRIMARY KEY, note TEXT)")
                try connection.execute("INSERT INTO scratch VALUES (3, 'c')", [])
                try connection.execute("INSERT INTO scratch VALUES (3, 'again')", [])
            }
        }
        try connection.transaction {
            try connection.createSessionTable("scratch (id BIGINT PRIMARY KEY, note TEXT)")
            #expect(try connection.scalarInt(count) == 0, "a rolled-back transaction leaves nothing behind")
        }
        let other = try PostgresConnection(url: url)
        #expect(try other.query("SELECT to_regclass('scratch') IS NULL") == [["t"]], "another session never sees it")
    }

    /// The connection remembers the session tables it created, so it does not ask the server
    /// again; a table created by a transaction that rolled back is gone, and is created again.
    @Test func aSessionTableFromARolledBackTransactionIsCreatedAgain() throws {
        guard let url = try PostgresTestSupport.freshDatabase() else { return }
        let connection = try PostgresConnection(url: url)
        struct Abandoned: Error {}
        #expect(throws: Abandoned.self) {
            try connection.transaction {
                try connection.createSessionTable("probe (id BIGINT)")
                _ = try connection.fillSessionTable("probe_copy", with: "SELECT id FROM probe")
                throw Abandoned()
            }
        }
        #expect(try connection.query("SELECT to_regclass('probe') IS NULL, to_regclass('probe_copy') IS NULL") == [["t", "t"]])
        try connection.transaction {
            try connection.createSessionTable("probe (id BIGINT)")
            try connection.execute("INSERT INTO probe VALUES (1), (2)", [])
            #expect(try connection.fillSessionTable("probe_copy", with: "SELECT id FROM probe") == 2)
        }
        try connection.transaction {
            try connection.createSessionTable("probe (id BIGINT)")
            try connection.execute("INSERT INTO probe VALUES (3)", [])
            #expect(try connection.fillSessionTable("probe_copy", with: "SELECT id FROM probe") == 1)
        }
    }
}
