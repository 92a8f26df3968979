import Foundation
import SalonCore

/// `salon-etl forget` on a PostgreSQL CRM, with the rules of `CustomerErasure`: one transaction
/// (under the publish lock, so no publish runs in between) removes or anonymises the customer's
/// rows, replaces mentions of their phones and names in every other text column, and records the
/// erasure (customer id and counts only) in `audit_log`.
///
/// The database never holds the keys: phones are found through the blind index computed here, and
/// sealed text is opened, redacted and sealed again in this process.
public struct PostgresCustomerErasure {
    public let database: PostgresCRMDatabase
    public let customerID: Int64
    /// The customer's phones and names, for finding mentions in text.
    public private(set) var tokens = ErasureTokens()
    /// Every source record that went into the customer: the rows of staging and reject files that
    /// belong to them.
    public private(set) var sourceRecords: Set<SourceRecordKey> = []

    private var connection: PostgresConnection { database.connection }
    private var ring: KeyRing? { database.keyRing }

    /// Loads what identifies the customer; nil when there is no customer with that id. Call
    /// `useKeys` on the database first when it is encrypted.
    public init?(database: PostgresCRMDatabase, customerID: Int64) throws {
        self.database = database
        self.customerID = customerID
        let id = String(customerID)
        guard let customer = try database.connection.query(
            "SELECT name, name_original, customer_key, source_id, source_file, record_key FROM customers WHERE id = $1::bigint",
            [id]).first
        else { return nil }
        tokens.addName(customer[0])
        tokens.addName(customer[1])
        // In an encrypted database the key holds a blind index, not the phone: the phone rows give it.
        if let key = customer[2], key.hasPrefix("tel:"), !key.hasPrefix("tel:" + KeyRing.blindPrefix) {
            tokens.addPhone(String(key.dropFirst(4).prefix { $0 != "|" }))
        }
        for table in ["customer_phones", "chat_facts"] {
            for row in try database.connection.query(
                "SELECT COALESCE(e164_sealed, e164) FROM \(table) WHERE customer_id = $1::bigint AND e164 IS NOT NULL", [id])
            {
                if let value = row[0] { tokens.addPhone(try database.keyRing?.open(value) ?? value) }
            }
        }
        var keys: Set<SourceRecordKey> = []
        func add(_ rows: [[String?]]) {
            for row in rows {
                keys.insert(SourceRecordKey(sourceID: row[0] ?? "", file: row[1] ?? "", recordKey: row[2] ?? ""))
            }
        }
        add([Array(customer[3...5])])
        for table in ["customer_phones", "notes", "customer_tags", "member_cards", "review_corrections"] {
            add(try database.connection.query(
                "SELECT DISTINCT source_id, source_file, record_key FROM \(table) WHERE customer_id = $1::bigint", [id]))
        }
        add(try database.connection.query(
            "SELECT source_id, source_file, record_key FROM merges WHERE survivor_customer_id = $1::bigint", [id]))
        sourceRecords = keys
    }

    /// The customers holding a phone (E.164), lowest id first, found through its blind index in an
    /// encrypted database. Two people can share a number; only a person can say whose request it is.
    public static func customers(withPhone e164: String, in database: PostgresCRMDatabase) throws -> [Int64] {
        let token = database.keyRing?.blindIndex(e164) ?? e164
        return try database.connection.query("""
            SELECT DISTINCT id FROM (
              SELECT customer_id AS id FROM customer_phones WHERE e164 = $1
              UNION ALL SELECT id FROM customers WHERE customer_key = 'tel:' || $1) holders
            ORDER BY id
            """, [token]).compactMap { $0.first.flatMap { $0 }.flatMap { Int64($0) } }
    }

    /// Erases the customer in one transaction and records it (customer id and counts) in the audit log.
    /// - Returns: rows removed or anonymised per table.
    public func erase() throws -> [ErasureCount] {
        try database.withPublishLock {
            try connection.transaction { try eraseRows() }
        }
    }

    private func eraseRows() throws -> [ErasureCount] {
        let id = String(customerID)
        var counts: [ErasureCount] = []
        func run(_ place: String, _ sql: String, _ arguments: [String?]) throws {
            let changed = Int(try connection.execute(sql, arguments))
            if let index = counts.firstIndex(where: { $0.place == place }) {
                counts[index].rows += changed
            } else {
                counts.append(ErasureCount(place: place, rows: changed))
            }
        }
        // Messages the customer's facts and appointments came from: deleted below when nothing
        // else refers to them, otherwise stripped of every mention by the scrub.
        try connection.execute("CREATE TEMP TABLE erased_messages (id BIGINT PRIMARY KEY) ON COMMIT DROP")
        try connection.execute("""
            INSERT INTO erased_messages (id)
            SELECT message_id FROM chat_facts WHERE customer_id = $1::bigint
            UNION SELECT message_id FROM appointments WHERE customer_id = $1::bigint
            ON CONFLICT DO NOTHING
            """, [id])
        let e164s = try connection.query(
            "SELECT DISTINCT e164 FROM customer_phones WHERE customer_id = $1::bigint", [id]).compactMap { $0.first ?? nil }
        try run("customer_tags", "DELETE FROM customer_tags WHERE customer_id = $1::bigint", [id])
        try run("notes", "DELETE FROM notes WHERE customer_id = $1::bigint", [id])
        try run("appointments", "DELETE FROM appointments WHERE customer_id = $1::bigint", [id])
        try run("chat_facts", "DELETE FROM chat_facts WHERE customer_id = $1::bigint", [id])
        for e164 in e164s {
            try connection.execute(
                "INSERT INTO erased_messages (id) SELECT message_id FROM chat_facts WHERE e164 = $1 ON CONFLICT DO NOTHING", [e164])
            try run("chat_facts", "DELETE FROM chat_facts WHERE e164 = $1", [e164])
        }
        for name in tokens.names {
            try run("chat_facts", "UPDATE chat_facts SET name = NULL WHERE name = $1", [name])
        }
        try run("chat_messages", """
            DELETE FROM chat_messages WHERE id IN (SELECT id FROM erased_messages)
              AND id NOT IN (SELECT message_id FROM chat_facts) AND id NOT IN (SELECT message_id FROM appointments)
            """, [])
        try run("customer_phones", "DELETE FROM customer_phones WHERE customer_id = $1::bigint", [id])
        // The balance the salon still owes stays in the books, summed per store.
        try run("erased_card_balances", """
            INSERT INTO erased_card_balances (store_id, cards, balance_fen)
            SELECT store_id, COUNT(*), COALESCE(SUM(balance_fen), 0) FROM member_cards WHERE customer_id = $1::bigint GROUP BY store_id
            ON CONFLICT (store_id) DO UPDATE SET cards = erased_card_balances.cards + excluded.cards,
              balance_fen = erased_card_balances.balance_fen + excluded.balance_fen
            """, [id])
        try run("member_cards", "DELETE FROM member_cards WHERE customer_id = $1::bigint", [id])
        // Lineage points at merges and customers: it goes first.
        let merges = "SELECT id FROM merges WHERE survivor_customer_id = $1::bigint OR merged_customer_id = $1::bigint"
        try run("merge_moved_rows", "DELETE FROM merge_moved_rows WHERE merge_id IN (\(merges))", [id])
        try run("merge_snapshots", "DELETE FROM merge_snapshots WHERE customer_id = $1::bigint OR merge_id IN (\(merges))", [id])
        try run("identity_separations",
                "DELETE FROM identity_separations WHERE customer_id = $1::bigint OR other_customer_id = $1::bigint", [id])
        try run("merges", "DELETE FROM merges WHERE merged_customer_id = $1::bigint", [id])
        try run("customers", "UPDATE customers SET merged_into_customer_id = NULL WHERE merged_into_customer_id = $1::bigint", [id])
        try run("merges", "DELETE FROM merges WHERE survivor_customer_id = $1::bigint", [id])
        try run("review_queue", "DELETE FROM review_queue WHERE customer_id = $1::bigint OR other_customer_id = $1::bigint", [id])
        try run("review_corrections", "DELETE FROM review_corrections WHERE customer_id = $1::bigint", [id])
        try eraseRejects(count: run)
        try eraseFromOtherTables(count: run)
        try run("customers", "DELETE FROM customers WHERE id = $1::bigint", [id])
        // Mentions anywhere else (another customer's note, a group chat message): replaced.
        for (table, rows) in try redactMentions().sorted(by: { $0.key < $1.key }) {
            counts.append(ErasureCount(place: "\(table) (mentions)", rows: rows))
        }
        let changed = counts.filter { $0.rows > 0 }
        try database.recordAudit(
            action: AuditLog.Action.erase, subject: "customer:\(customerID)",
            detail: changed.map { "\($0.place)=\($0.rows)" }.joined(separator: " "), runID: nil, at: Date())
        return changed
    }

    /// Rejects of the customer's source records, and any whose opened original text mentions them.
    private func eraseRejects(count run: (String, String, [String?]) throws -> Void) throws {
        for key in sourceRecords {
            try run("rejects", "DELETE FROM rejects WHERE source_id = $1 AND source_file = $2 AND record_key = $3",
                    [key.sourceID, key.file, key.recordKey])
        }
        guard !tokens.isEmpty else { return }
        let (condition, patterns) = Self.candidates(["original_text"], tokens: tokens)
        for row in try connection.query("SELECT id, original_text FROM rejects WHERE \(condition)", patterns) {
            guard let value = row[1], tokens.matches(try open(value)) else { continue }
            try run("rejects", "DELETE FROM rejects WHERE id = $1::bigint", [row[0]])
        }
    }

    /// Tables not handled by name (receipts, segments, later schemas): a receipt keeps its money but
    /// loses the link to the person; other rows of the customer go.
    private func eraseFromOtherTables(count run: (String, String, [String?]) throws -> Void) throws {
        let columns = try connection.query("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.column_name LIKE '%customer_id'
            ORDER BY c.table_name, c.column_name
            """)
        for row in columns {
            guard let table = row[0], let column = row[1], !CustomerErasure.knownTables.contains(table),
                !Self.lineageTables.contains(table)
            else { continue }
            let sql = table.hasPrefix("receipt")
                ? "UPDATE \(Self.quote(table)) SET \(Self.quote(column)) = NULL WHERE \(Self.quote(column)) = $1::bigint"
                : "DELETE FROM \(Self.quote(table)) WHERE \(Self.quote(column)) = $1::bigint"
            try run(table, sql, [String(customerID)])
        }
    }

    /// Handled above by name on PostgreSQL, where the lineage schema is always present.
    static let lineageTables: Set<String> = ["merge_moved_rows", "merge_snapshots", "identity_separations"]

    /// Replaces each mention in every text column of every other table (rows addressed by `ctid`,
    /// each updated once); sealed values are opened here and sealed again once redacted.
    /// - Returns: rows changed per table (tables with none are left out).
    private func redactMentions() throws -> [String: Int] {
        guard !tokens.isEmpty else { return [:] }
        var textColumns: [String: [String]] = [:]
        for row in try connection.query("""
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND c.data_type IN ('text', 'character varying', 'character')
            ORDER BY c.table_name, c.ordinal_position
            """)
        {
            guard let table = row[0], let column = row[1], !CustomerErasure.unscrubbedTables.contains(table) else { continue }
            textColumns[table, default: []].append(column)
        }
        var changed: [String: Int] = [:]
        for (table, columns) in textColumns.sorted(by: { $0.key < $1.key }) {
            // A name split into surname and given name holds no whole mention in either column.
            if columns.contains("surname"), columns.contains("given_name"), !tokens.names.isEmpty {
                let slots = tokens.names.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
                changed[table, default: 0] += Int(try connection.execute("""
                    UPDATE \(Self.quote(table)) SET surname = $1, given_name = $1
                    WHERE COALESCE(surname, '') || COALESCE(given_name, '') IN (\(slots))
                    """, [ErasureTokens.placeholder] + tokens.names))
            }
            let (condition, patterns) = Self.candidates(columns, tokens: tokens)
            let list = columns.map(Self.quote).joined(separator: ", ")
            for row in try connection.query(
                "SELECT ctid::text, \(list) FROM \(Self.quote(table)) WHERE \(condition)", patterns)
            {
                var sets: [String] = []
                var values: [String?] = [row[0]]
                for (offset, column) in columns.enumerated() {
                    guard let value = row[offset + 1], !value.hasPrefix(KeyRing.blindPrefix),
                        let redacted = tokens.redact(try open(value))
                    else { continue }
                    let sealed = value.hasPrefix(KeyRing.sealedPrefix)
                    values.append(sealed ? try seal(redacted) : redacted)
                    sets.append("\(Self.quote(column)) = $\(values.count)")
                }
                guard !sets.isEmpty else { continue }
                try connection.execute(
                    "UPDATE \(Self.quote(table)) SET \(sets.joined(separator: ", ")) WHERE ctid = $1::tid", values)
                changed[table, default: 0] += 1
            }
        }
        return changed
    }

    /// A WHERE condition that keeps the rows that may mention the customer: any sealed value (it
    /// can only be read here) and any plain value matching one of the `LIKE` patterns.
    static func candidates(_ columns: [String], tokens: ErasureTokens) -> (String, [String?]) {
        let patterns = tokens.likePatterns
        var conditions: [String] = []
        for column in columns.map(quote) {
            conditions.append("\(column) LIKE '\(KeyRing.sealedPrefix)%'")
            conditions += patterns.indices.map { "\(column) LIKE $\($0 + 1)" }
        }
        return (conditions.joined(separator: " OR "), patterns)
    }

    private func open(_ value: String) throws -> String {
        guard value.hasPrefix(KeyRing.sealedPrefix) else { return value }
        guard let ring else {
            throw SalonError(
                .configuration, "the PostgreSQL CRM database holds sealed text but no keys are in use",
                fix: "set \(KeySource.keyFileVariable) to the key file it was encrypted with")
        }
        return try ring.open(value)
    }

    private func seal(_ text: String) throws -> String {
        guard let ring else { return text }
        return ring.seal(text)
    }

    /// An identifier quoted for SQL; names come from information_schema, never from input.
    static func quote(_ identifier: String) -> String { SQLiteScrubber.quote(identifier) }
}
