import SalonCore

/// Erases one customer's personal data from the CRM database: `salon-etl forget`.
///
/// Everything happens in one transaction with `secure_delete` on, and the file is vacuumed
/// afterwards, so nothing erased stays readable in free pages or the WAL. What is kept is
/// anonymous: card balances summed per store (`erased_card_balances`), and an audit row with the
/// customer id and counts only.
public struct CustomerErasure {
    public let connection: SQLiteConnection
    public let customerID: Int64
    /// The customer's phones and names, for finding mentions in text.
    public private(set) var tokens = ErasureTokens()
    /// Every source record that went into the customer: the rows of staging and reject files that
    /// belong to them.
    public private(set) var sourceRecords: Set<SourceRecordKey> = []

    /// Tables whose rows point at a customer and are handled by name below; any other table with a
    /// `…customer_id` column is handled generically (its rows of the customer deleted, or the link
    /// set to NULL for receipts).
    static let knownTables: Set<String> = [
        "customers", "customer_phones", "notes", "customer_tags", "member_cards", "merges", "review_queue",
        "review_corrections", "chat_facts", "appointments", "chat_messages", "rejects", "audit_log",
    ]

    /// Left out of the mention pass: the log is append-only and holds no personal data, and other
    /// customers' own names are theirs, even when someone else has the same one.
    static let unscrubbedTables: Set<String> = ["audit_log", "schema_migrations", "customers", "customer_phones"]

    /// Loads what identifies the customer; nil when there is no customer with that id.
    public init?(connection: SQLiteConnection, customerID: Int64) throws {
        self.connection = connection
        self.customerID = customerID
        let id = SQLiteValue.int(customerID)
        guard let customer = try connection.query(
            "SELECT name, name_original, customer_key, source_id, source_file, record_key FROM customers WHERE id = ?1", [id]).first
        else { return nil }
        tokens.addName(customer[0].text)
        tokens.addName(customer[1].text)
        // In an encrypted database the key holds a blind index, not the phone: the phone rows give it.
        if let key = customer[2].text, key.hasPrefix("tel:"), !key.hasPrefix("tel:" + KeyRing.blindPrefix) {
            tokens.addPhone(String(key.dropFirst(4)))
        }
        for table in ["customer_phones", "chat_facts"] {
            for row in try connection.query(
                "SELECT salon_open(COALESCE(e164_sealed, e164)) FROM \(table) WHERE customer_id = ?1 AND e164 IS NOT NULL", [id])
            {
                row[0].text.map { tokens.addPhone($0) }
            }
        }
        var keys: Set<SourceRecordKey> = []
        func add(_ rows: [[SQLiteValue]]) {
            for row in rows {
                keys.insert(SourceRecordKey(sourceID: row[0].text ?? "", file: row[1].text ?? "", recordKey: row[2].text ?? ""))
            }
        }
        add([Array(customer[3...5])])
        for table in ["customer_phones", "notes", "customer_tags", "member_cards", "review_corrections"] {
            add(try connection.query("SELECT DISTINCT source_id, source_file, record_key FROM \(table) WHERE customer_id = ?1", [id]))
        }
        add(try connection.query("SELECT source_id, source_file, record_key FROM merges WHERE survivor_customer_id = ?1", [id]))
        sourceRecords = keys
    }

    /// The customers holding a phone (E.164), lowest id first. Two people can share a number (a
    /// mother and daughter); only a person can say whose request an erasure is.
    public static func customers(withPhone e164: String, in connection: SQLiteConnection) throws -> [Int64] {
        try connection.query("""
            SELECT DISTINCT id FROM (
              SELECT customer_id AS id FROM customer_phones WHERE e164 = salon_blind(?1)
              UNION ALL SELECT id FROM customers WHERE customer_key = 'tel:' || salon_blind(?1))
            ORDER BY id
            """, [.text(e164)]).compactMap { $0.first?.int }
    }

    /// Erases the customer in one transaction and records it (customer id and counts) in the audit log.
    /// - Returns: rows removed or anonymised per table.
    public func erase() throws -> [ErasureCount] {
        try connection.execute("PRAGMA secure_delete = ON")
        let counts = try connection.transaction { try eraseRows() }
        try SQLiteScrubber.compact(connection)
        return counts
    }

    private func eraseRows() throws -> [ErasureCount] {
        let id = SQLiteValue.int(customerID)
        var counts: [ErasureCount] = []
        func run(_ place: String, _ sql: String, _ arguments: [SQLiteValue] = [id]) throws {
            try connection.execute(sql, arguments)
            let changed = Int(connection.changes)
            if let index = counts.firstIndex(where: { $0.place == place }) {
                counts[index].rows += changed
            } else {
                counts.append(ErasureCount(place: place, rows: changed))
            }
        }
        // Messages the customer's facts and appointments came from: deleted below when nothing
        // else refers to them, otherwise stripped of every mention by the scrubber.
        try connection.execute("DROP TABLE IF EXISTS temp.erased_messages")
        try connection.execute("CREATE TEMP TABLE erased_messages (id INTEGER PRIMARY KEY)")
        try connection.execute("""
            INSERT OR IGNORE INTO temp.erased_messages (id)
            SELECT message_id FROM chat_facts WHERE customer_id = ?1
            UNION SELECT message_id FROM appointments WHERE customer_id = ?1
            """, [id])
        let e164s = try connection.query("SELECT DISTINCT e164 FROM customer_phones WHERE customer_id = ?1", [id]).compactMap { $0.first?.text }
        try run("customer_tags", "DELETE FROM customer_tags WHERE customer_id = ?1")
        try run("notes", "DELETE FROM notes WHERE customer_id = ?1")
        try run("appointments", "DELETE FROM appointments WHERE customer_id = ?1")
        try run("chat_facts", "DELETE FROM chat_facts WHERE customer_id = ?1")
        for e164 in e164s {
            try connection.execute(
                "INSERT OR IGNORE INTO temp.erased_messages (id) SELECT message_id FROM chat_facts WHERE e164 = ?1", [.text(e164)])
            try run("chat_facts", "DELETE FROM chat_facts WHERE e164 = ?1", [.text(e164)])
        }
        for name in tokens.names {
            try run("chat_facts", "UPDATE chat_facts SET name = NULL WHERE name = ?1", [.text(name)])
        }
        try run("chat_messages", """
            DELETE FROM chat_messages WHERE id IN (SELECT id FROM temp.erased_messages)
              AND id NOT IN (SELECT message_id FROM chat_facts) AND id NOT IN (SELECT message_id FROM appointments)
            """, [])
        try run("customer_phones", "DELETE FROM customer_phones WHERE customer_id = ?1")
        // The balance the salon still owes stays in the books, summed per store.
        try run("erased_card_balances", """
            INSERT INTO erased_card_balances (store_id, cards, balance_fen)
            SELECT store_id, COUNT(*), SUM(balance_fen) FROM member_cards WHERE customer_id = ?1 GROUP BY store_id
            ON CONFLICT (store_id) DO UPDATE SET cards = cards + excluded.cards, balance_fen = balance_fen + excluded.balance_fen
            """)
        try run("member_cards", "DELETE FROM member_cards WHERE customer_id = ?1")
        // Lineage (schema 006) points at merges and customers: it goes first, where present.
        if try connection.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'merge_snapshots'") == 1 {
            let merges = "SELECT id FROM merges WHERE survivor_customer_id = ?1 OR merged_customer_id = ?1"
            try run("merge_moved_rows", "DELETE FROM merge_moved_rows WHERE merge_id IN (\(merges))")
            try run("merge_snapshots", "DELETE FROM merge_snapshots WHERE customer_id = ?1 OR merge_id IN (\(merges))")
            try run("identity_separations", "DELETE FROM identity_separations WHERE customer_id = ?1 OR other_customer_id = ?1")
            try run("merges", "DELETE FROM merges WHERE merged_customer_id = ?1")
            try run("customers", "UPDATE customers SET merged_into_customer_id = NULL WHERE merged_into_customer_id = ?1")
        }
        try run("merges", "DELETE FROM merges WHERE survivor_customer_id = ?1")
        try run("review_queue", "DELETE FROM review_queue WHERE customer_id = ?1 OR other_customer_id = ?1")
        try run("review_corrections", "DELETE FROM review_corrections WHERE customer_id = ?1")
        try eraseRejects(count: run)
        try eraseFromOtherTables(count: run)
        try run("customers", "DELETE FROM customers WHERE id = ?1")
        // Mentions anywhere else (another customer's note, a group chat message): replaced.
        for (table, rows) in try SQLiteScrubber.redact(connection, tokens: tokens, skipTables: Self.unscrubbedTables) {
            counts.append(ErasureCount(place: "\(table) (mentions)", rows: rows))
        }
        try connection.execute("DROP TABLE temp.erased_messages")
        let changed = counts.filter { $0.rows > 0 }
        try AuditLog.record(
            connection, action: AuditLog.Action.erase, subject: "customer:\(customerID)",
            detail: changed.map { "\($0.place)=\($0.rows)" }.joined(separator: " "))
        return changed
    }

    /// Rejects of the customer's source records, and any whose original text mentions them.
    private func eraseRejects(count run: (String, String, [SQLiteValue]) throws -> Void) throws {
        for key in sourceRecords {
            try run("rejects", "DELETE FROM rejects WHERE source_id = ?1 AND source_file = ?2 AND record_key = ?3",
                    [.text(key.sourceID), .text(key.file), .text(key.recordKey)])
        }
        let patterns = tokens.likePatterns
        guard !patterns.isEmpty else { return }
        let text = SQLiteScrubber.readable("original_text", on: connection)
        let condition = patterns.indices.map { "\(text) LIKE ?\($0 + 1)" }.joined(separator: " OR ")
        for row in try connection.query("SELECT id, \(text) FROM rejects WHERE \(condition)", patterns.map(SQLiteValue.text)) {
            guard let text = row[1].text, tokens.matches(text) else { continue }
            try run("rejects", "DELETE FROM rejects WHERE id = ?1", [row[0]])
        }
    }

    /// Tables this version does not know by name (receipts, segments, review decisions from later schemas):
    /// a receipt keeps its money but loses the link to the person; other rows of the customer go.
    private func eraseFromOtherTables(count run: (String, String, [SQLiteValue]) throws -> Void) throws {
        for table in try SQLiteScrubber.tables(connection, withoutRowID: true) where !Self.knownTables.contains(table) {
            for column in try SQLiteScrubber.columns(connection, table: table) where column.hasSuffix("customer_id") {
                let sql = table.hasPrefix("receipt")
                    ? "UPDATE \(SQLiteScrubber.quote(table)) SET \(SQLiteScrubber.quote(column)) = NULL WHERE \(SQLiteScrubber.quote(column)) = ?1"
                    : "DELETE FROM \(SQLiteScrubber.quote(table)) WHERE \(SQLiteScrubber.quote(column)) = ?1"
                try run(table, sql, [.int(customerID)])
            }
        }
    }
}
