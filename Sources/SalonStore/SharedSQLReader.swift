/// A CRM database read with the SQL both dialects share (see CRMTarget+SharedSQL.swift): a
/// `CRMTarget`, or a read-only SQLite connection for the commands that list what a CRM holds
/// without migrating or writing it (`salon-etl audit`, `birthdays`). Code written against it
/// runs the same statements on SQLite and PostgreSQL.
public protocol SharedSQLReader: AnyObject {
    /// Runs one statement in the SQL both dialects share, `?1`, `?2` … bound as text; its rows as
    /// text, sealed values opened with the database's keys (as stored when it has none in use).
    func sharedQuery(_ sql: String, _ parameters: [String?]) throws -> [[String?]]
}

extension SQLiteConnection: SharedSQLReader {
    /// Sealed values open with the keys `CRMDatabase.readOnlyConnection` checked and installed;
    /// a connection without them returns rows as stored.
    public func sharedQuery(_ sql: String, _ parameters: [String?]) throws -> [[String?]] {
        try KeyRing.openSealed(
            query(sql, parameters.map { $0.map(SQLiteValue.text) ?? .null }).map { $0.map(\.text) }, with: fieldCipher?.ring)
    }
}
