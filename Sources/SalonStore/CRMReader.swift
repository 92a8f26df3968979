import Foundation
import SalonCore

/// Opens a CRM database to list what it holds (`salon-etl audit`, `birthdays`), on SQLite or
/// PostgreSQL, for readers written once against `SharedSQLReader`.
///
/// SQLite is opened read-only and never migrated, as these commands always opened it.
/// PostgreSQL is opened with `PostgresCRMDatabase.openExisting`: a wrong database name in the URL
/// is an error rather than a new empty CRM, and a current schema is read without waiting for a
/// publish that is running (only a pending migration takes the publish lock).
public enum CRMReader {
    /// - Parameters:
    ///   - path: the SQLite file, read when `postgresURL` is nil.
    ///   - postgresURL: a PostgreSQL CRM instead (password from PGPASSWORD or ~/.pgpass).
    ///   - opensSealedValues: check the database's keys (the configured ones, `KeySource`) and
    ///     open sealed phones and text with them. False reads rows as stored and needs no keys:
    ///     the audit log holds nothing sealed.
    /// - Throws: `SalonError`: `.configuration` when there is no CRM database there, the URL
    ///   carries a password, or the keys are missing or not the database's; `.database` when the
    ///   PostgreSQL server cannot be reached. `SQLiteError` when the SQLite file cannot be read.
    ///   No message holds a password.
    public static func open(path: String, postgresURL: String?, opensSealedValues: Bool) throws -> any SharedSQLReader {
        guard let postgresURL else {
            guard FileManager.default.fileExists(atPath: path) else {
                throw SalonError(.configuration, "no CRM database here", location: path, fix: "pass --db PATH or --postgres URL")
            }
            return opensSealedValues ? try CRMDatabase.readOnlyConnection(path: path) : try SQLiteConnection(path: path, readOnly: true)
        }
        return try PostgresCRMDatabase.openExisting(url: postgresURL, opensSealedValues: opensSealedValues)
    }
}
