import CSQLite
import SalonCore

/// The staged rows a publish reads, as PostgreSQL TEMP tables filled by COPY from the run's
/// staging SQLite. Each table is the matching staging view with its provenance resolved (source
/// id, file, record key) and a `row_order` that keeps the staging order the SQLite publish uses.
enum PostgresStagingCopy {
    struct Table {
        /// The TEMP table's name in PostgreSQL and the staging table or view it is read from.
        var name: String
        var from: String
        /// How the staging row order is read: a view's row_order, rowid, or nil (the table is
        /// ordered by its own id column).
        var order: String?
        var columns: [(name: String, type: String)]
    }

    /// How a prepared column is made from a staged one with the CRM keys (`KeyRing`).
    enum Preparation {
        case blind, blindKey, seal
    }

    /// Prepared columns added to the TEMP tables: (table, new column, staged column, how). The
    /// publish SQL copies them, so every value is blind-indexed or sealed once, here, in the same
    /// format as the SQLite publish. Without keys a prepared column repeats the staged value.
    static let prepared: [(table: String, name: String, from: String, how: Preparation)] = [
        ("stg_customers", "customer_key_blind", "customer_key", .blindKey),
        ("stg_phones", "e164_blind", "e164", .blind), ("stg_phones", "e164_sealed", "e164", .seal),
        ("stg_phones", "original_sealed", "original", .seal),
        ("stg_rejects", "original_text_sealed", "original_text", .seal),
        ("stg_review_corrections", "keyed_text_sealed", "keyed_text", .seal),
        ("stg_review_corrections", "proposed_sealed", "proposed", .seal),
        ("stg_chat_messages", "text_sealed", "text", .seal), ("stg_chat_messages", "original_text_sealed", "original_text", .seal),
        ("stg_chat_subjects", "e164_blind", "e164", .blind), ("stg_chat_subjects", "e164_sealed", "e164", .seal),
        ("stg_chat_subjects", "original_sealed", "original", .seal),
        ("stg_chat_facts", "e164_blind", "e164", .blind), ("stg_chat_facts", "e164_sealed", "e164", .seal),
        ("stg_chat_facts", "text_sealed", "text", .seal),
        ("stg_receipt_lines", "phone_blind", "phone_e164", .blind),
        ("stg_lineage", "phones_sealed", "phones", .seal),
    ]

    static func text(_ names: String) -> [(name: String, type: String)] {
        names.split(separator: " ").map { (String($0), "TEXT") }
    }

    static let provenance = text("source_id source_file record_key")

    static let tables: [Table] = [
        Table(name: "stg_customers", from: "stg_customers", order: nil, columns: [("staging_id", "BIGINT")]
            + text("customer_key name name_original surname given_name form_of_address gender birthday birthday_calendar")
            + [("birthday_leap_month", "INTEGER")] + text("member_level join_date store_code")
            + [("match_by_phone", "INTEGER"), ("marketing_opt_out", "INTEGER"), ("profiling_consent", "INTEGER")] + provenance),
        Table(name: "stg_phones", from: "stg_phones", order: "row_order", columns: [("staging_id", "BIGINT")]
            + text("e164 kind original") + provenance),
        Table(name: "stg_notes", from: "stg_notes", order: "row_order", columns: [("staging_id", "BIGINT")]
            + text("text column_name") + provenance),
        Table(name: "stg_cards", from: "stg_cards", order: "row_order", columns: [("staging_id", "BIGINT")]
            + text("store_code card_number") + [("balance_fen", "BIGINT")] + provenance),
        Table(name: "stg_merges", from: "stg_merges", order: "row_order", columns: [("survivor_staging_id", "BIGINT")]
            + text("reason matched_on") + provenance + score),
        Table(name: "stg_tags", from: "stg_tags", order: "row_order", columns: [("staging_id", "BIGINT")]
            + text("code value") + [("confidence", "DOUBLE PRECISION"), ("needs_review", "INTEGER"), ("is_safety", "INTEGER")]
            + text("column_name") + [("span_start", "INTEGER"), ("span_end", "INTEGER")] + text("matched_text") + provenance),
        Table(name: "stg_review", from: "stg_review", order: "rowid", columns: [("staging_id", "BIGINT"), ("other_staging_id", "BIGINT")]
            + text("reason detail") + score),
        Table(name: "stg_rejects", from: "stg_rejects", order: "rowid", columns: provenance
            + text("column_name code stage") + [("whole_record", "INTEGER")] + text("message original_text")),
        Table(name: "stg_review_corrections", from: "stg_review_corrections", order: "rowid", columns: [("staging_id", "BIGINT")]
            + text("field column_name code keyed_text proposed reason") + [("field_left_empty", "INTEGER")]
            + text("paper_card entered_by") + provenance),
        Table(name: "stg_chat_messages", from: "stg_chat_messages", order: nil, columns: [("message_id", "BIGINT")]
            + text("message_key store_code sender sent_at kind text original_text") + provenance + [("message_index", "INTEGER")]),
        Table(name: "stg_chat_subjects", from: "stg_chat_subjects", order: nil, columns: [("subject_id", "BIGINT"), ("message_id", "BIGINT")]
            + text("e164 kind original name name_original surname given_name form_of_address gender store_code")
            + [("known_in_run", "INTEGER")]),
        Table(name: "stg_chat_facts", from: "stg_chat_facts", order: "rowid", columns: [("message_id", "BIGINT"), ("ordinal", "INTEGER")]
            + text("kind") + [("subject_id", "BIGINT")] + text("e164 name text service stylist starts_at time_text")
            + [("confidence", "DOUBLE PRECISION")]),
        Table(name: "stg_chat_tags", from: "stg_chat_tags", order: "rowid", columns: [("message_id", "BIGINT"), ("ordinal", "INTEGER")]
            + text("code value") + [("confidence", "DOUBLE PRECISION"), ("needs_review", "INTEGER"), ("is_safety", "INTEGER"),
                                    ("span_start", "INTEGER"), ("span_end", "INTEGER")] + text("matched_text")),
    ]

    /// Creates every TEMP table (emptied at commit) unless the session has it, and fills it from
    /// the staging database, except the tables in `leftOut`, which stay empty.
    /// - Returns: rows copied per table.
    @discardableResult
    static func copy(
        from staging: SQLiteConnection, into connection: PostgresConnection, keys: KeyRing?, leavingOut leftOut: Set<String> = []
    ) throws -> [String: Int64] {
        // The staged tables are joined on ids and keys, where a coarse histogram plans as well as a
        // fine one.
        try connection.withCoarseStatistics { try copyTables(from: staging, into: connection, keys: keys, leavingOut: leftOut) }
    }

    private static func copyTables(
        from staging: SQLiteConnection, into connection: PostgresConnection, keys: KeyRing?, leavingOut leftOut: Set<String>
    ) throws -> [String: Int64] {
        var copied: [String: Int64] = [:]
        for table in tables + receiptTables + lineageTables {
            var columns = table.columns
            if table.order != nil { columns.insert(("row_order", "BIGINT"), at: 0) }
            let extra = prepared.filter { $0.table == table.name }
            // Where each prepared column's staged value sits in the row.
            let sources = extra.map { item in columns.firstIndex { $0.name == item.from }! }
            let staged = columns.count
            columns += extra.map { ($0.name, "TEXT") }
            let definitions = columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
            try connection.createSessionTable("\(table.name) (\(definitions))")
            if leftOut.contains(table.name) { continue }
            // The session table starts every transaction empty: nothing staged, nothing to send
            // or analyze (most of an import's files stage receipt lines and little else).
            guard try staging.query("SELECT 1 FROM \(table.from) LIMIT 1").isEmpty == false else {
                copied[table.name] = 0
                continue
            }
            let selected = (table.order.map { ["\($0) AS row_order"] } ?? []) + table.columns.map(\.name)
            let statement = try staging.prepare("SELECT \(selected.joined(separator: ", ")) FROM \(table.from)")
            let names = columns.map(\.name).joined(separator: ", ")
            copied[table.name] = try connection.copy("COPY \(table.name) (\(names)) FROM STDIN") { writer in
                while try statement.step() {
                    for column in 0..<staged {
                        statement.copyField(column, into: &writer)
                    }
                    for (item, source) in zip(extra, sources) {
                        guard let text = statement.value(at: source).text else {
                            writer.nullField()
                            continue
                        }
                        guard let ring = keys else {
                            writer.field(text)
                            continue
                        }
                        switch item.how {
                        case .blind: writer.field(ring.blindIndex(text))
                        case .blindKey: writer.field(ring.blindCustomerKey(text))
                        case .seal: writer.field(ring.seal(text))
                        }
                    }
                    try writer.endRow()
                }
            }
            try connection.execute("ANALYZE \(table.name)")
        }
        return copied
    }
}

extension SQLiteStatement {
    /// Writes one column of the current row as COPY text: SQLite renders integers and reals as
    /// text itself, and text goes through as its UTF-8 bytes, escaped.
    func copyField(_ column: Int, into writer: inout PostgresCopyWriter) {
        let index = Int32(column)
        guard sqlite3_column_type(handle, index) != SQLITE_NULL, let pointer = sqlite3_column_text(handle, index) else {
            return writer.nullField()
        }
        writer.field(bytes: UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, index))))
    }
}
