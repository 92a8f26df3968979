import CSQLite
import SalonCore

/// A value to bind or read. Text and integers cover the CRM schema; money is integer fen.
public enum SQLiteValue: Sendable, Hashable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)

    public var int: Int64? {
        if case .int(let value) = self { return value }
        if case .double(let value) = self { return Int64(value) }
        if case .text(let value) = self { return Int64(value) }
        return nil
    }

    public var text: String? {
        switch self {
        case .text(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .null: return nil
        }
    }
}

/// A prepared statement (`sqlite3_stmt*`), finalized in deinit. Reused across rows for bulk loads.
public final class SQLiteStatement {
    let handle: OpaquePointer
    unowned let connection: SQLiteConnection
    let sql: String

    init(connection: SQLiteConnection, sql: String) throws {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v2(connection.handle, sql, -1, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw SQLiteError(resultCode: rc, message: connection.lastErrorMessage, sql: sql)
        }
        handle = statement
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets the statement and binds all arguments in order (`sqlite3_bind_*`).
    public func bind(_ arguments: [SQLiteValue]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in arguments.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    /// Binds one value at a 1-based parameter index.
    public func bind(_ value: SQLiteValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .int(let number): rc = sqlite3_bind_int64(handle, index, number)
        case .double(let number): rc = sqlite3_bind_double(handle, index, number)
        case .text(let string):
            var string = string
            rc = string.withUTF8 { buffer in
                // An empty buffer may have no base address; a NULL pointer would bind NULL, not "".
                guard let base = buffer.baseAddress else {
                    return sqlite3_bind_text(handle, index, "", 0, sqliteTransient)
                }
                return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(buffer.count), sqliteTransient)
                }
            }
        }
        guard rc == SQLITE_OK else {
            throw SQLiteError(resultCode: rc, message: connection.lastErrorMessage, sql: sql)
        }
    }

    /// Binds text or NULL.
    public func bind(_ text: String?, at index: Int32) throws {
        try bind(text.map(SQLiteValue.text) ?? .null, at: index)
    }

    /// Binds an integer or NULL.
    public func bind(_ number: Int64?, at index: Int32) throws {
        try bind(number.map(SQLiteValue.int) ?? .null, at: index)
    }

    /// Resets before binding a new row without clearing (cheaper for bulk inserts that bind every parameter).
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Steps once (`sqlite3_step`). Returns true when a row is available.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let message = connection.lastErrorMessage
            sqlite3_reset(handle)
            throw SQLiteError(resultCode: rc, message: message, sql: sql)
        }
    }

    /// Binds and runs to completion; for INSERT/UPDATE in loops.
    public func run(_ arguments: [SQLiteValue]) throws {
        try bind(arguments)
        try step()
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func value(at column: Int) -> SQLiteValue {
        let index = Int32(column)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .int(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .double(sqlite3_column_double(handle, index))
        default: return .text(string(at: column) ?? "")
        }
    }

    public func string(at column: Int) -> String? {
        let index = Int32(column)
        guard let pointer = sqlite3_column_text(handle, index) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    public func int(at column: Int) -> Int64 {
        sqlite3_column_int64(handle, Int32(column))
    }

    public func isNull(at column: Int) -> Bool {
        sqlite3_column_type(handle, Int32(column)) == SQLITE_NULL
    }
}
