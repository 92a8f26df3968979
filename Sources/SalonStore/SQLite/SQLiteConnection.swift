import CSQLite
import CSalonSQLite
import SalonCore
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite destructor constant that tells SQLite to copy bound text before the call returns.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// An error from SQLite. Its description never includes bound values (they may be personal data).
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var resultCode: Int32
    public var message: String
    public var sql: String?

    public var description: String {
        var text = "SQLite error \(resultCode): \(message)"
        if let sql { text += " (in: \(sql.prefix(120)))" }
        return text
    }
}

/// One connection to a SQLite database. Owns the `sqlite3*` handle and closes it in deinit.
///
/// Not thread-safe: a connection belongs to the task that opened it.
public final class SQLiteConnection {
    let handle: OpaquePointer
    public let path: String
    /// The SQL functions of the CRM keys, once installed (`FieldCipher`); kept alive here.
    public internal(set) var fieldCipher: FieldCipher?

    /// Opens (and creates) the database file.
    /// - Parameter immutable: read a file nothing else writes without locking it or creating its
    ///   -wal and -shm files (`immutable=1`); implies read-only.
    /// - Throws: `SQLiteError` from `sqlite3_open_v2`.
    public init(path: String, readOnly: Bool = false, immutable: Bool = false) throws {
        _ = Self.configured
        var db: OpaquePointer?
        let flags = readOnly || immutable
            ? SQLITE_OPEN_READONLY
            : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let name = immutable ? Self.immutableURI(path) : path
        let rc = sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX | (immutable ? SQLITE_OPEN_URI : 0), nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(resultCode: rc, message: message, sql: nil)
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5000)
        sqlite3_extended_result_codes(db, 1)
        let registered = csalon_sqlite_register_functions(UnsafeMutableRawPointer(db))
        guard registered == SQLITE_OK else {
            sqlite3_close_v2(db)
            throw SQLiteError(resultCode: registered, message: "cannot register salon_first_by", sql: nil)
        }
        if SlowStatementLog.thresholdMilliseconds != nil {
            sqlite3_trace_v2(db, UInt32(SQLITE_TRACE_PROFILE), Self.reportSlowStatement, nil)
        }
    }

    /// Process-wide settings, applied once before the first connection opens.
    private static let configured: Int32 = csalon_sqlite_configure()

    private static let reportSlowStatement: @convention(c) (
        UInt32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?
    ) -> Int32 = { _, _, statement, elapsed in
        guard let statement, let elapsed, let sql = sqlite3_sql(OpaquePointer(statement)) else { return 0 }
        SlowStatementLog.report(String(cString: sql), milliseconds: Double(elapsed.load(as: Int64.self)) / 1_000_000)
        return 0
    }

    /// `file:PATH?immutable=1`, with the characters a URI gives meaning to escaped.
    static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for char in path {
            switch char {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.append(char)
            }
        }
        return "file:\(escaped)?immutable=1"
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements with no parameters (`sqlite3_exec`).
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(resultCode: rc, message: message, sql: sql)
        }
    }

    /// Prepares a statement (`sqlite3_prepare_v2`). Values are always bound, never spliced into SQL.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(connection: self, sql: sql)
    }

    /// Runs one statement with bound arguments.
    public func execute(_ sql: String, _ arguments: [SQLiteValue]) throws {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        try statement.step()
    }

    /// Rows of a query, each as an array of values.
    public func query(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> [[SQLiteValue]] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var rows: [[SQLiteValue]] = []
        while try statement.step() {
            rows.append((0..<statement.columnCount).map { statement.value(at: $0) })
        }
        return rows
    }

    /// The first column of the first row, as an integer.
    public func scalarInt(_ sql: String, _ arguments: [SQLiteValue] = []) throws -> Int64? {
        try query(sql, arguments).first?.first?.int
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ kind: String = "IMMEDIATE", _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last statement (`sqlite3_changes64`).
    public var changes: Int64 { sqlite3_changes64(handle) }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }
}
