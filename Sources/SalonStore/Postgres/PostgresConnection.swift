import CLibPQ
import SalonCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to a PostgreSQL server through libpq. Owns the `PGconn*` and closes it in deinit.
///
/// Values are always bound (`PQexecParams`, text format); only statements without parameters
/// (schema files, transaction control) go through `PQexec`. Not thread-safe: a connection belongs
/// to the task that opened it.
public final class PostgresConnection {
    let handle: OpaquePointer
    /// The URL it was opened with (never holds a password), the key `PostgresConnectionPool` keeps it under.
    let url: String
    /// Session tables (`createSessionTable`) known to exist: created by a committed transaction
    /// or outside one, and those created in the open transaction, which a rollback takes back.
    private var sessionTables: Set<String> = []
    private var sessionTablesInTransaction: Set<String> = []

    /// Connects with a `postgresql://` URL. The password comes from PGPASSWORD or ~/.pgpass, which
    /// libpq reads itself; a URL that carries one is refused before connecting.
    /// - Throws: `PostgresError` when the URL holds a password or the server cannot be reached.
    public init(url: String) throws {
        guard !PostgresURL.containsPassword(url) else {
            throw PostgresError(message: "the connection URL contains a password; use PGPASSWORD or ~/.pgpass")
        }
        guard let connection = PQconnectdb(url) else {
            throw PostgresError(message: "libpq could not allocate a connection")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingTrailingNewlines
            PQfinish(connection)
            throw PostgresError(message: "cannot connect to \(url): \(message)")
        }
        handle = connection
        self.url = url
        // Notices (IF NOT EXISTS skips, cascades) are not errors; keep them off stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        try execute("SET client_encoding = 'UTF8'")
    }

    deinit {
        PQfinish(handle)
    }

    /// Creates a temporary table (`name (columns…)`) unless this session already has it. Its rows
    /// go at every commit (and with a rollback), and the table stays for the next transaction:
    /// the files of an import share one session (`PostgresConnectionPool`), and creating and
    /// dropping a score of tables for every file was most of the server's work per file, and
    /// grew slower as a long session churned the catalog.
    ///
    /// A table this connection has already created is not asked for again: an import's file
    /// publishes some forty of them, and each question was a round trip to the server.
    func createSessionTable(_ definition: String) throws {
        let name = Self.tableName(definition)
        guard !hasSessionTable(name) else { return }
        try execute("CREATE TEMP TABLE IF NOT EXISTS \(definition) ON COMMIT DELETE ROWS")
        noteSessionTable(name)
    }

    private func hasSessionTable(_ name: String) -> Bool {
        sessionTables.contains(name) || sessionTablesInTransaction.contains(name)
    }

    private func noteSessionTable(_ name: String) {
        if PQtransactionStatus(handle) == PQTRANS_IDLE {
            sessionTables.insert(name)
        } else {
            sessionTablesInTransaction.insert(name)
        }
    }

    /// The table name a definition starts with (`name (columns…)` or `name`).
    static func tableName(_ definition: String) -> String {
        String(definition.prefix { !$0.isWhitespace && $0 != "(" })
    }

    /// Fills the session table `name` with the rows of `query`, first creating it with the query's
    /// columns unless this session has it (see `createSessionTable`). `indexes` (whole `CREATE
    /// INDEX IF NOT EXISTS` statements) run once, after the table is created; the index stays
    /// with the table. The query's parameters need explicit casts, since the table's column types
    /// are taken from it before any row exists.
    /// - Returns: the rows inserted.
    @discardableResult
    func fillSessionTable(
        _ name: String, with query: String, parameters: [String?] = [], indexes: [String] = []
    ) throws -> Int64 {
        if !hasSessionTable(name) {
            try execute("CREATE TEMP TABLE IF NOT EXISTS \(name) ON COMMIT DELETE ROWS AS \(query) WITH NO DATA", parameters)
            for index in indexes { try execute(index) }
            noteSessionTable(name)
        }
        return try execute("INSERT INTO \(name) \(query)", parameters)
    }

    /// Runs `body` (an `ANALYZE`) with a statistics target of 10 for the open transaction: a
    /// 3,000-row sample instead of 30,000, enough for the joins a publish plans next. The target
    /// the session had is restored after.
    func withCoarseStatistics<T>(_ body: () throws -> T) throws -> T {
        try with(setting: "default_statistics_target", "10", body)
    }

    /// Runs `body` with a server setting changed for the open transaction (`SET LOCAL`), then
    /// puts back the value the session had. `setting` is one of our own names, bound, never spliced.
    func with<T>(setting: String, _ value: String, _ body: () throws -> T) throws -> T {
        let previous = try query("SELECT current_setting($1), set_config($1, $2, true)", [setting, value]).first?.first ?? nil
        let result = try body()
        if let previous { _ = try query("SELECT set_config($1, $2, true)", [setting, previous]) }
        return result
    }

    /// Connected, with no transaction open or failed: fit to be used again.
    var isIdle: Bool {
        PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE
    }

    /// Runs one or more statements without parameters (`PQexec`): schema files, BEGIN, COMMIT.
    public func execute(_ sql: String) throws {
        let result = SlowStatementLog.timed(sql) { PQexec(handle, sql) }
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs one statement with bound text parameters ($1, $2, …; nil binds NULL).
    /// - Returns: the rows it inserted, updated or deleted (`PQcmdTuples`).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?]) throws -> Int64 {
        try withResult(sql, parameters) { result in Int64(String(cString: PQcmdTuples(result))) ?? 0 }
    }

    /// Rows of a query, each value as text (nil for NULL).
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        try withResult(sql, parameters) { result in
            let rows = Int(PQntuples(result)), columns = Int(PQnfields(result))
            return (0..<rows).map { row in
                (0..<columns).map { column -> String? in
                    if PQgetisnull(result, Int32(row), Int32(column)) == 1 { return nil }
                    return String(cString: PQgetvalue(result, Int32(row), Int32(column)))
                }
            }
        }
    }

    /// The first column of the first row, as an integer.
    public func scalarInt(_ sql: String, _ parameters: [String?] = []) throws -> Int64? {
        guard let value = try query(sql, parameters).first?.first ?? nil else { return nil }
        return Int64(value)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        sessionTablesInTransaction = []
        do {
            let result = try body()
            try execute("COMMIT")
            sessionTables.formUnion(sessionTablesInTransaction)
            sessionTablesInTransaction = []
            return result
        } catch {
            // Tables created in the transaction are gone with it (a failed COMMIT rolls back too).
            sessionTablesInTransaction = []
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Bulk loads rows with `COPY … FROM STDIN` in text format; `body` writes the rows.
    /// - Parameter sql: the COPY statement, e.g. `COPY t (a, b) FROM STDIN`.
    /// - Returns: the rows the server loaded.
    @discardableResult
    public func copy(_ sql: String, _ body: (inout PostgresCopyWriter) throws -> Void) throws -> Int64 {
        try SlowStatementLog.timed(sql) { try copyRows(sql, body) }
    }

    private func copyRows(_ sql: String, _ body: (inout PostgresCopyWriter) throws -> Void) throws -> Int64 {
        let start = PQexec(handle, sql)
        let status = PQresultStatus(start)
        if status != PGRES_COPY_IN {
            defer { PQclear(start) }
            try check(start, sql: sql)
            throw PostgresError(message: "COPY did not start", sql: sql)
        }
        PQclear(start)
        var writer = PostgresCopyWriter(connection: self, sql: sql)
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            _ = PQputCopyEnd(handle, "aborted by the loader")
            drainResults()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw lastError(sql: sql) }
        var loaded: Int64 = 0
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                loaded = Int64(String(cString: PQcmdTuples(result))) ?? 0
            } else if failure == nil {
                failure = error(from: result, sql: sql)
            }
            PQclear(result)
        }
        if let failure { throw failure }
        return loaded
    }

    /// Sends one buffer of COPY data.
    func putCopyData(_ bytes: [UInt8], sql: String) throws {
        let sent = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                PQputCopyData(handle, $0, Int32(buffer.count))
            }
        }
        guard sent == 1 else { throw lastError(sql: sql) }
    }

    private func withResult<T>(_ sql: String, _ parameters: [String?], _ read: (OpaquePointer) throws -> T) throws -> T {
        let values: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { values.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = values.map { $0.map { UnsafePointer($0) } }
        let result = SlowStatementLog.timed(sql) { PQexecParams(handle, sql, Int32(parameters.count), nil, pointers, nil, nil, 0) }
        defer { PQclear(result) }
        try check(result, sql: sql)
        return try read(result!)
    }

    private func check(_ result: OpaquePointer?, sql: String) throws {
        guard let result else { throw lastError(sql: sql) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw error(from: result, sql: sql)
        }
    }

    private func error(from result: OpaquePointer, sql: String) -> PostgresError {
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        return PostgresError(
            sqlState: state, message: primary ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines, sql: sql)
    }

    private func lastError(sql: String) -> PostgresError {
        PostgresError(message: String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines, sql: sql)
    }

    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
