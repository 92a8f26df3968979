import SalonCore

/// An error from PostgreSQL or libpq. Its description names the statement but never includes bound
/// values or the server's DETAIL line (a unique-key detail quotes the row, which may be personal
/// data); the message itself is masked.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// The SQLSTATE code (e.g. 23505 for a unique violation), when the server sent one.
    public var sqlState: String?
    public var message: String
    public var sql: String?

    public init(sqlState: String? = nil, message: String, sql: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var text = "PostgreSQL error"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(PIIMask.text(message))"
        if let sql { text += " (in: \(sql.split(whereSeparator: \.isWhitespace).joined(separator: " ").prefix(160)))" }
        return text
    }
}
