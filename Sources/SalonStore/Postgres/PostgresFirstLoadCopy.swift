import CSQLite
import SalonCore

/// A first load's phones, notes and member cards, COPYed from the staging SQLite straight into
/// the CRM tables instead of into staged TEMP tables and then across with `INSERT … SELECT`.
///
/// The rows are the ones the set-based publish (`PostgresCRMDatabase.publishChildren`) inserts,
/// in the same order, so ids come out the same. That holds on a first load only, where the rules
/// reduce to what staging alone decides:
/// - every staged customer is new, and the publish numbers them 1, 2, … in staging order, so a
///   customer's id is its rank among the staged customers (the server's customer map is checked
///   against those ranks before any child row is sent);
/// - a customer's phone is its first staged row with that number (the publish's `DISTINCT ON`);
/// - notes and cards go in as staged: the tables are empty, their unique indexes are rebuilt after
///   the load, and that rebuild fails the publish if two staged rows ever collide.
///
/// Values are blind-indexed and sealed on the client, as `PostgresStagingCopy` prepares them.
enum PostgresFirstLoadCopy {
    /// The staged tables this copy makes unnecessary: they are not sent to the server.
    static let stagedTablesLeftOut: Set<String> = ["stg_phones", "stg_notes", "stg_cards"]

    /// Staged customers with the id a first load gives them, in the staging connection's TEMP schema.
    private static let ranks = "temp.first_load_customer_ids"

    /// The store codes of the staged cards, which the stores of a first load include.
    static func cardStoreCodes(in staging: SQLiteConnection) throws -> [String] {
        try staging.query("SELECT DISTINCT store_code FROM stg_card_rows ORDER BY store_code").compactMap { $0.first?.text }
    }

    /// Copies phones, notes and cards, once the customers and stores are in.
    static func copyChildren(
        from staging: SQLiteConnection, into connection: PostgresConnection, keys: KeyRing?, run: String
    ) throws -> (phones: Int64, notes: Int64, cards: Int64) {
        try rankCustomers(staging: staging, connection: connection)
        defer { try? staging.execute("DROP TABLE IF EXISTS \(ranks)") }
        let storeIDs = Dictionary(
            try connection.query("SELECT code, id FROM stores").compactMap { row in row[0].flatMap { code in row[1].map { (code, $0) } } },
            uniquingKeysWith: { first, _ in first })
        return try copyRows(from: staging, into: connection, keys: keys, run: run, storeIDs: storeIDs)
    }

    /// Ranks the staged customers as the first load numbers them, and checks that the server's
    /// customer map (built by `publishCustomers`) gave every staged customer that same id.
    private static func rankCustomers(staging: SQLiteConnection, connection: PostgresConnection) throws {
        try staging.execute("DROP TABLE IF EXISTS \(ranks)")
        try staging.execute("""
            CREATE TEMP TABLE first_load_customer_ids AS
            SELECT staging_id, ROW_NUMBER() OVER (ORDER BY staging_id) AS customer_id FROM stg_customers
            """)
        let local = try staging.query("SELECT COUNT(*), COALESCE(SUM(staging_id), 0) FROM \(ranks)").first ?? []
        // The server's map in staging order must number the customers 1, 2, … with nothing
        // matched, redirected or re-keyed, and cover the same staged customers.
        let server = try connection.query("""
            SELECT COUNT(*), COALESCE(SUM(staging_id), 0),
              COUNT(*) FILTER (WHERE customer_id IS DISTINCT FROM rank OR NOT is_new OR redirected OR fresh_key IS NOT NULL)
            FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY staging_id) AS rank FROM customer_map) m
            """).first ?? []
        guard local.count == 2, server.count == 3, String(local[0].int ?? -1) == server[0],
            String(local[1].int ?? -1) == server[1], server[2] == "0"
        else {
            throw PostgresError(message: "first load: the customer ids on the server are not the staged customers' ranks")
        }
    }

    /// The three COPYs; `storeIDs` maps store codes to the CRM's store ids.
    private static func copyRows(
        from staging: SQLiteConnection, into connection: PostgresConnection, keys: KeyRing?, run: String,
        storeIDs: [String: String]
    ) throws -> (phones: Int64, notes: Int64, cards: Int64) {
        let phones = try staging.prepare("""
            SELECT f.customer_id, p.e164, p.kind, p.original, p.source_id, p.source_file, p.record_key
            FROM (SELECT i.customer_id, MIN(r.rowid) AS first_row
                  FROM stg_phone_rows r JOIN \(ranks) i ON i.staging_id = r.staging_id
                  GROUP BY i.customer_id, r.e164) f
            JOIN stg_phones p ON p.row_order = f.first_row
            ORDER BY f.customer_id, f.first_row
            """)
        let phoneCount = try connection.copy("""
            COPY customer_phones (customer_id, e164, kind, original, source_id, source_file, record_key, run_id, e164_sealed) FROM STDIN
            """) { writer in
            while try phones.step() {
                let e164 = phones.string(at: 1) ?? ""
                let original = phones.string(at: 3)
                phones.copyField(0, into: &writer)
                writer.field(keys.map { $0.blindIndex(e164) } ?? e164)
                phones.copyField(2, into: &writer)
                writer.field(original.map { keys?.seal($0) ?? $0 })
                for column in 4...6 { phones.copyField(column, into: &writer) }
                writer.field(run)
                writer.field(keys?.seal(e164) ?? e164)
                try writer.endRow()
            }
        }
        let notes = try staging.prepare("""
            SELECT i.customer_id, n.text, n.column_name, n.source_id, n.source_file, n.record_key
            FROM stg_notes n JOIN \(ranks) i ON i.staging_id = n.staging_id
            ORDER BY i.customer_id, n.row_order
            """)
        let noteCount = try connection.copy(
            "COPY notes (customer_id, text, column_name, source_id, source_file, record_key, run_id) FROM STDIN"
        ) { writer in
            while try notes.step() {
                for column in 0...5 { notes.copyField(column, into: &writer) }
                writer.field(run)
                try writer.endRow()
            }
        }
        let cards = try staging.prepare("""
            SELECT i.customer_id, c.store_code, c.card_number, c.balance_fen, c.source_id, c.source_file, c.record_key
            FROM stg_cards c JOIN \(ranks) i ON i.staging_id = c.staging_id
            ORDER BY c.row_order
            """)
        let cardCount = try connection.copy("""
            COPY member_cards (customer_id, store_id, card_key, card_number, balance_fen, source_id, source_file, record_key, run_id)
            FROM STDIN
            """) { writer in
            while try cards.step() {
                let customer = cards.int(at: 0)
                let store = cards.string(at: 1) ?? ""
                guard let storeID = storeIDs[store] else {
                    throw PostgresError(message: "first load: a staged card's store \(store) is not in the stores table")
                }
                let number = cards.string(at: 2)
                cards.copyField(0, into: &writer)
                writer.field(storeID)
                writer.field(number ?? "customer:\(customer)")
                writer.field(number)
                for column in 3...6 { cards.copyField(column, into: &writer) }
                writer.field(run)
                try writer.endRow()
            }
        }
        return (phoneCount, noteCount, cardCount)
    }
}
