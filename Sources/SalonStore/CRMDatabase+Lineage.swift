import SalonCore

/// The publish step's share of merge lineage: snapshots taken before survivorship changes a row,
/// and customers a person merged away sending later records to their survivor.
extension CRMDatabase {
    /// The customer fields a snapshot keeps, in `customers` column order.
    static let snapshotFields = """
        name, name_original, surname, given_name, form_of_address, gender, birthday, birthday_calendar,
        birthday_leap_month, member_level, join_date
        """

    /// A staged customer that maps to a customer merged away by a review decision goes to its
    /// survivor instead, and its values never overwrite the survivor's (`is_new = 2`).
    func redirectMergedAway() throws {
        try connection.execute("""
            UPDATE temp.customer_map SET is_new = 2, customer_id = (
              SELECT c.merged_into_customer_id FROM main.customers c WHERE c.id = temp.customer_map.customer_id)
            WHERE customer_id IN (SELECT id FROM main.customers WHERE merged_into_customer_id IS NOT NULL)
            """)
    }

    /// Keeps each survivor's values from before its first merge: the staged row before
    /// survivorship for a new customer, the database row for one that already existed (also one
    /// a staged customer merges into, `temp.db_matches`). Call
    /// before the survivorship update; an active snapshot is never replaced.
    func snapshotSurvivors(run: SQLiteValue) throws {
        let fields = Self.snapshotFields
        try connection.execute("""
            INSERT OR IGNORE INTO main.merge_snapshots (customer_id, role, \(fields), home_store_id, card_balance_fen,
              source_id, source_file, record_key, run_id)
            SELECT m.customer_id, 'survivor', \(Self.prefixed(fields, "l")), (SELECT id FROM main.stores WHERE code = l.store_code),
              l.card_balance_fen, l.source_id, l.source_file, l.record_key, ?1
            FROM stg.stg_lineage l JOIN temp.customer_map m ON m.staging_id = l.survivor_staging_id
            WHERE l.role = 'survivor' AND m.is_new = 1
            ORDER BY l.rowid
            """, [run])
        try connection.execute("""
            INSERT OR IGNORE INTO main.merge_snapshots (customer_id, role, \(fields), member_level_derived, home_store_id,
              card_balance_fen, source_id, source_file, record_key, run_id)
            SELECT c.id, 'survivor', \(Self.prefixed(fields, "c")), c.member_level_derived, c.home_store_id,
              (SELECT k.balance_fen FROM main.member_cards k WHERE k.store_id = c.home_store_id AND k.card_key = 'customer:' || c.id),
              c.source_id, c.source_file, c.record_key, ?1
            FROM main.customers c
            WHERE c.id IN (
              SELECT m.customer_id FROM stg.stg_merge_lineage l JOIN temp.customer_map m ON m.staging_id = l.survivor_staging_id
              WHERE l.role = 'survivor' AND m.is_new <> 1
              UNION SELECT customer_id FROM temp.db_matches WHERE merges = 1)
            ORDER BY c.id
            """, [run])
    }

    /// Keeps each merged record's own values beside its merge row. Call once the merges are
    /// inserted and their indexes exist.
    func publishMergedSnapshots(run: SQLiteValue) throws {
        let fields = Self.snapshotFields
        try connection.execute("""
            INSERT OR IGNORE INTO main.merge_snapshots (customer_id, role, merge_id, \(fields), home_store_id, phones,
              card_balance_fen, source_id, source_file, record_key, run_id)
            SELECT g.survivor_customer_id, 'merged', g.id, \(Self.prefixed(fields, "l")),
              (SELECT id FROM main.stores WHERE code = l.store_code), salon_seal(l.phones), l.card_balance_fen, l.source_id, l.source_file, l.record_key, ?1
            FROM stg.stg_lineage l
            JOIN main.merges g ON g.source_id = l.source_id AND g.source_file = l.source_file
              AND g.record_key = l.record_key AND g.status = 'active'
            WHERE l.role = 'merged'
            ORDER BY l.rowid
            """, [run])
    }

    /// "a.name, a.surname" from "name, surname".
    static func prefixed(_ fields: String, _ alias: String) -> String {
        fields.split(separator: ",").map { "\(alias).\($0.trimmingWhitespace)" }.joined(separator: ", ")
    }

    /// Records a person kept apart, with the customer key each stands as: later runs resolve each
    /// such record to that customer, never merging or queueing it again. Empty when the database
    /// does not exist yet or predates these tables. The database is read without being changed: a
    /// run whose gate fails must leave it byte for byte as it was, without even a -wal file. With
    /// no -wal file present the main file holds everything and is read as immutable.
    public static func keptApartRecords(databasePath: String) throws
        -> [(sourceID: String, file: String, recordKey: String, customerKey: String)]
    {
        guard access(databasePath, F_OK) == 0 else { return [] }
        let connection = try SQLiteConnection(
            path: databasePath, readOnly: true, immutable: access(databasePath + "-wal", F_OK) != 0)
        guard try connection.scalarInt(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'identity_separations'") == 1
        else { return [] }
        return try connection.query(keptApartQuery).map { ($0[0].text ?? "", $0[1].text ?? "", $0[2].text ?? "", $0[3].text ?? "") }
    }

    /// The records kept apart and the customer key each stands as, on either target.
    static let keptApartQuery = """
        SELECT s.source_id, s.source_file, s.record_key, c.customer_key
        FROM identity_separations s JOIN customers c ON c.id = s.customer_id ORDER BY s.id
        """
}

extension Substring {
    var trimmingWhitespace: Substring {
        var text = self
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
