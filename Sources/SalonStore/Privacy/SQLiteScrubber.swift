import SalonCore

/// Removes a customer's phones and names from every text column of every table of a SQLite
/// database, whatever the table is: the last pass of an erasure, which catches mentions in places
/// no targeted step knows about (another customer's note, a chat message, a table added later).
public enum SQLiteScrubber {
    /// Replaces each mention with `ErasureTokens.placeholder`, row by row, skipping `skipTables`.
    /// - Returns: rows changed per table (tables with none are left out).
    public static func redact(
        _ connection: SQLiteConnection, tokens: ErasureTokens, skipTables: Set<String> = []
    ) throws -> [String: Int] {
        guard !tokens.isEmpty else { return [:] }
        var changed: [String: Int] = [:]
        for table in try tables(connection) where !skipTables.contains(table) {
            let columns = try textColumns(connection, table: table)
            // A name split into surname and given name holds no whole mention in either column,
            // but the two sit side by side in the row's bytes; they go together.
            if columns.contains("surname"), columns.contains("given_name"), !tokens.names.isEmpty {
                let names = tokens.names.map(SQLiteValue.text)
                let slots = (1...names.count).map { "?\($0 + 1)" }.joined(separator: ", ")
                try connection.execute("""
                    UPDATE \(quote(table)) SET surname = ?1, given_name = ?1
                    WHERE COALESCE(surname, '') || COALESCE(given_name, '') IN (\(slots))
                    """, [.text(ErasureTokens.placeholder)] + names)
                changed[table, default: 0] += Int(connection.changes)
            }
            guard !columns.isEmpty else { continue }
            let patterns = tokens.likePatterns
            var arguments: [SQLiteValue] = []
            var conditions: [String] = []
            for column in columns {
                for pattern in patterns {
                    arguments.append(.text(pattern))
                    conditions.append("\(readable(quote(column), on: connection)) LIKE ?\(arguments.count)")
                }
            }
            let list = columns.map { readable(quote($0), on: connection) + ", " + quote($0) }.joined(separator: ", ")
            let rows = try connection.query(
                "SELECT rowid, \(list) FROM \(quote(table)) WHERE \(conditions.joined(separator: " OR "))", arguments)
            for row in rows {
                var sets: [String] = []
                var values: [SQLiteValue] = [row[0]]
                for (offset, column) in columns.enumerated() {
                    let value = row[2 * offset + 1]
                    guard let text = value.text, case .text = value, let redacted = tokens.redact(text) else { continue }
                    values.append(.text(redacted))
                    // Sealed text is sealed again once redacted.
                    let sealed = row[2 * offset + 2].text?.hasPrefix(KeyRing.sealedPrefix) == true
                    sets.append("\(quote(column)) = " + (sealed ? "salon_seal(?\(values.count))" : "?\(values.count)"))
                }
                guard !sets.isEmpty else { continue }
                try connection.execute("UPDATE \(quote(table)) SET \(sets.joined(separator: ", ")) WHERE rowid = ?1", values)
                changed[table, default: 0] += 1
            }
        }
        return changed
    }

    /// A column as its readable text: opened when the connection has the CRM keys' functions,
    /// so mentions inside sealed text are found too.
    static func readable(_ column: String, on connection: SQLiteConnection) -> String {
        connection.fieldCipher == nil ? column : "salon_open(\(column))"
    }

    /// Ordinary tables (names from the database itself, quoted wherever used); those without a
    /// rowid (customer_segments) only when asked for, as redaction updates by rowid.
    static func tables(_ connection: SQLiteConnection, withoutRowID: Bool = false) throws -> [String] {
        try connection.query("""
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
              AND (?1 OR sql NOT LIKE '%WITHOUT ROWID%') ORDER BY name
            """, [.int(withoutRowID ? 1 : 0)]).compactMap { $0.first?.text }
    }

    /// Columns that may hold text: declared TEXT (or CHAR/CLOB) or without a type.
    static func textColumns(_ connection: SQLiteConnection, table: String) throws -> [String] {
        try connection.query("SELECT name, type FROM pragma_table_info(?1)", [.text(table)]).compactMap { row in
            guard let name = row[0].text else { return nil }
            let type = (row[1].text ?? "").uppercased()
            return type.isEmpty || type.contains("TEXT") || type.contains("CHAR") || type.contains("CLOB") ? name : nil
        }
    }

    /// Columns of a table, for checking what a table from another schema version holds.
    static func columns(_ connection: SQLiteConnection, table: String) throws -> [String] {
        try connection.query("SELECT name FROM pragma_table_info(?1)", [.text(table)]).compactMap { $0.first?.text }
    }

    /// An identifier quoted for SQL; names come from sqlite_master, never from input.
    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Makes deleted content unrecoverable from the file: freed pages were zeroed by
    /// `secure_delete`; VACUUM rebuilds the file without them and checkpoints drop the WAL.
    public static func compact(_ connection: SQLiteConnection) throws {
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        try connection.execute("VACUUM")
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}
