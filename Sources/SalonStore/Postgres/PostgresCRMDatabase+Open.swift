import SalonCore

extension PostgresCRMDatabase {
    /// Opens a PostgreSQL database that already holds a CRM, for the commands that work on a
    /// published CRM (`review`, `unmerge`, `audit`, `birthdays`). A URL naming the wrong database
    /// is an error here, not a new empty CRM. Opening applies a pending migration under the publish
    /// lock, so it waits for a publish that is running.
    /// - Parameter opensSealedValues: check the database's keys (the configured ones, `KeySource`)
    ///   and prepare and open sealed values with them; false reads rows as stored and needs no
    ///   keys (the audit log holds nothing sealed).
    /// - Throws: `SalonError`: `.configuration` when the URL carries a password, the database holds
    ///   no CRM, or the keys are missing or not the database's; `.database` when the server cannot
    ///   be reached. No message holds a password.
    public static func openExisting(url: String, opensSealedValues: Bool = true) throws -> PostgresCRMDatabase {
        let shown = PostgresURL.redacted(url)
        guard !PostgresURL.containsPassword(url) else {
            throw SalonError(
                .configuration, "the connection URL contains a password", location: shown,
                fix: "take it out of the URL; set PGPASSWORD or add a line to ~/.pgpass")
        }
        do {
            // A CRM has its customers table from the first migration on; later tables (the audit
            // log among them) are added by the migrations opening it applies.
            guard try PostgresConnection(url: url).query("SELECT to_regclass('customers') IS NOT NULL").first?.first == "t" else {
                throw SalonError(
                    .configuration, "no CRM database here (it has no customers table)", location: shown,
                    fix: "pass the --postgres URL of a database salon-etl publishes into")
            }
            let database = try PostgresCRMDatabase(url: url)
            if opensSealedValues { try database.useKeys(nil) }
            return database
        } catch let error as PostgresError {
            // The server answered, but the database named in the URL is not there: a mistake in
            // the command line rather than a failure. The server says so in its own language;
            // where that is not English, the name is looked up.
            let english = error.message.contains("database \"") && error.message.contains("does not exist")
            if english || isMissingDatabase(url: url) {
                throw SalonError(
                    .configuration, "no such database on the PostgreSQL server", location: shown,
                    fix: "check the database name at the end of the --postgres URL", cause: error)
            }
            throw SalonError(.database, "cannot open the PostgreSQL CRM database", location: shown, cause: error)
        }
    }

    /// True when the server of `url` answers but has no database of the name the URL gives. The
    /// server's own message says so only in its language (`lc_messages`), so the name is looked
    /// up in `pg_database` through the server's `postgres` database, as the same user.
    /// False when that cannot be told (no `postgres` database, or no right to connect to it).
    static func isMissingDatabase(url: String) -> Bool {
        guard let name = PostgresURL.database(of: url), let maintenance = PostgresURL.replacingDatabase(of: url, with: "postgres"),
            maintenance != url, let connection = try? PostgresConnection(url: maintenance),
            let rows = try? connection.query("SELECT NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", [name])
        else { return false }
        return rows.first?.first == "t"
    }
}
