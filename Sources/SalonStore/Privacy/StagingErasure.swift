import SalonCore

/// Erases one customer from a run's staging database (`runs/<run-id>/staging.sqlite`): the staged
/// customers holding their phones or built from their source records, with every row hanging off
/// them, their rejects and their chat subjects and facts; then every remaining mention. Staging is
/// scratch space, so rows are deleted rather than anonymised. The file is vacuumed afterwards.
public enum StagingErasure {
    /// - Returns: rows removed or changed per table (tables with none left out).
    public static func erase(path: String, tokens: ErasureTokens, records: Set<SourceRecordKey>) throws -> [ErasureCount] {
        let connection = try SQLiteConnection(path: path)
        try connection.execute("PRAGMA secure_delete = ON")
        var counts: [String: Int] = [:]
        try connection.transaction {
            if try hasTable("stg_customer_rows", connection) {
                try eraseStaged(connection, tokens: tokens, records: records, counts: &counts)
            }
            for (table, rows) in try SQLiteScrubber.redact(connection, tokens: tokens) {
                counts["\(table) (mentions)", default: 0] += rows
            }
        }
        try connection.execute("VACUUM")
        return counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { ErasureCount(place: $0.key, rows: $0.value) }
    }

    static func hasTable(_ name: String, _ connection: SQLiteConnection) throws -> Bool {
        try connection.scalarInt("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [.text(name)]) == 1
    }

    private static func eraseStaged(
        _ connection: SQLiteConnection, tokens: ErasureTokens, records: Set<SourceRecordKey>, counts: inout [String: Int]
    ) throws {
        func run(_ table: String, _ sql: String, _ arguments: [SQLiteValue] = []) throws {
            try connection.execute(sql, arguments)
            counts[table, default: 0] += Int(connection.changes)
        }
        try connection.execute("CREATE TEMP TABLE erase_keys (source_id TEXT, source_file TEXT, record_key TEXT)")
        try connection.execute("CREATE TEMP TABLE erase_ids (staging_id INTEGER PRIMARY KEY)")
        for key in records {
            try connection.execute("INSERT INTO temp.erase_keys VALUES (?1, ?2, ?3)", [.text(key.sourceID), .text(key.file), .text(key.recordKey)])
        }
        let keyMatch = "(source_id, source_file, record_key) IN (SELECT source_id, source_file, record_key FROM temp.erase_keys)"
        try connection.execute("INSERT OR IGNORE INTO temp.erase_ids SELECT staging_id FROM stg_customers WHERE \(keyMatch)")
        try connection.execute("INSERT OR IGNORE INTO temp.erase_ids SELECT survivor_staging_id FROM stg_merges WHERE \(keyMatch)")
        for number in tokens.nationalNumbers {
            try connection.execute(
                "INSERT OR IGNORE INTO temp.erase_ids SELECT staging_id FROM stg_phone_rows WHERE e164 LIKE '%' || ?1", [.text(number)])
            try connection.execute(
                "INSERT OR IGNORE INTO temp.erase_ids SELECT staging_id FROM stg_customer_rows WHERE customer_key LIKE 'tel:%' || ?1",
                [.text(number)])
        }
        // Every record folded into those customers: its rejects go too.
        let ids = "SELECT staging_id FROM temp.erase_ids"
        for view in ["stg_customers", "stg_phones", "stg_notes", "stg_cards", "stg_tags"] {
            try connection.execute(
                "INSERT INTO temp.erase_keys SELECT source_id, source_file, record_key FROM \(view) WHERE staging_id IN (\(ids))")
        }
        try connection.execute(
            "INSERT INTO temp.erase_keys SELECT source_id, source_file, record_key FROM stg_merges WHERE survivor_staging_id IN (\(ids))")
        for table in ["stg_phone_rows", "stg_note_rows", "stg_card_rows", "stg_tag_rows", "stg_review_corrections", "stg_customer_rows"] {
            try run(table, "DELETE FROM \(table) WHERE staging_id IN (\(ids))")
        }
        try run("stg_merge_rows", "DELETE FROM stg_merge_rows WHERE survivor_staging_id IN (\(ids))")
        try run("stg_review", "DELETE FROM stg_review WHERE staging_id IN (\(ids)) OR other_staging_id IN (\(ids))")
        try run("stg_rejects", "DELETE FROM stg_rejects WHERE \(keyMatch)")
        let patterns = tokens.likePatterns
        if !patterns.isEmpty {
            let condition = patterns.indices.map { "original_text LIKE ?\($0 + 1)" }.joined(separator: " OR ")
            for row in try connection.query("SELECT rowid, original_text FROM stg_rejects WHERE \(condition)", patterns.map(SQLiteValue.text)) {
                guard let text = row[1].text, tokens.matches(text) else { continue }
                try run("stg_rejects", "DELETE FROM stg_rejects WHERE rowid = ?1", [row[0]])
            }
        }
        guard try hasTable("stg_chat_subjects", connection) else { return }
        try connection.execute("CREATE TEMP TABLE erase_subjects (subject_id INTEGER PRIMARY KEY)")
        try connection.execute("CREATE TEMP TABLE erase_messages (message_id INTEGER PRIMARY KEY)")
        for number in tokens.nationalNumbers {
            try connection.execute(
                "INSERT OR IGNORE INTO temp.erase_subjects SELECT subject_id FROM stg_chat_subjects WHERE e164 LIKE '%' || ?1", [.text(number)])
            try connection.execute("""
                INSERT OR IGNORE INTO temp.erase_messages SELECT message_id FROM stg_chat_facts
                WHERE e164 LIKE '%' || ?1 OR subject_id IN (SELECT subject_id FROM temp.erase_subjects)
                """, [.text(number)])
            try run("stg_chat_tags", """
                DELETE FROM stg_chat_tags WHERE EXISTS (SELECT 1 FROM stg_chat_facts f
                  WHERE f.message_id = stg_chat_tags.message_id AND f.ordinal = stg_chat_tags.ordinal
                    AND (f.e164 LIKE '%' || ?1 OR f.subject_id IN (SELECT subject_id FROM temp.erase_subjects)))
                """, [.text(number)])
            try run("stg_chat_facts", """
                DELETE FROM stg_chat_facts WHERE e164 LIKE '%' || ?1 OR subject_id IN (SELECT subject_id FROM temp.erase_subjects)
                """, [.text(number)])
        }
        try run("stg_chat_subjects", "DELETE FROM stg_chat_subjects WHERE subject_id IN (SELECT subject_id FROM temp.erase_subjects)")
        try run("stg_chat_message_rows", """
            DELETE FROM stg_chat_message_rows WHERE message_id IN (SELECT message_id FROM temp.erase_messages)
              AND message_id NOT IN (SELECT message_id FROM stg_chat_facts)
            """)
    }
}
