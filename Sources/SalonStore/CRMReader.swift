import Foundation
import SalonCore

/// Opens a CRM database to list what it holds (`salon-etl audit`, `birthdays`), on SQLite or
/// PostgreSQL, for readers written once against `SharedSQLReader`.
///
/// SQLite is opened read-only and never migrated, as these commands always opened it.
/// PostgreSQL is first checked to hold a CRM, so a wrong database name in the URL is an error
/// rather than a new empty CRM; it is then opened as every other command opens it
/// (`PostgresCRMDatabase`, which applies a pending migration under the publish lock, and so waits
/// for a publish that is running).
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
        let shown = PostgresURL.redacted(postgresURL)
        guard !PostgresURL.containsPassword(postgresURL) else {
            throw SalonError(
                .configuration, "the connection URL contains a password", location: shown,
                fix: "take it out of the URL; set PGPASSWORD or add a line to ~/.pgpass")
        }
        let database: PostgresCRMDatabase
        do {
            guard try holdsCRM(postgresURL) else {
                throw SalonError(
                    .configuration, "no CRM database here (it has no customers or audit_log table)", location: shown,
                    fix: "pass the --postgres URL of a database salon-etl publishes into")
            }
            database = try PostgresCRMDatabase(url: postgresURL)
            if opensSealedValues { try database.useKeys(nil) }
        } catch let error as PostgresError {
            throw SalonError(.database, "cannot open the PostgreSQL CRM database", location: shown, cause: error)
        }
        return database
    }

    /// Whether the database has the CRM's tables, looked up before anything would create them.
    private static func holdsCRM(_ url: String) throws -> Bool {
        try PostgresConnection(url: url).query(
            "SELECT to_regclass('customers') IS NOT NULL AND to_regclass('audit_log') IS NOT NULL").first?.first == "t"
    }
}
