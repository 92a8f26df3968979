import SalonCore

/// The publish step's share of merge lineage on PostgreSQL, as `CRMDatabase`'s: snapshots taken
/// before survivorship changes a row, each merged record's own values beside its merge row, and
/// customers a person merged away sending later records to their survivor.
extension PostgresCRMDatabase {
    /// Records a person kept apart, with the customer key each stands as, as
    /// `CRMDatabase.keptApartRecords`: later runs resolve each such record to that customer. Empty
    /// when the database holds no CRM yet; nothing is created or changed.
    public static func keptApartRecords(url: String) throws
        -> [(sourceID: String, file: String, recordKey: String, customerKey: String)]
    {
        let connection = try PostgresConnectionPool.shared.take(url: url)
        defer { PostgresConnectionPool.shared.giveBack(connection) }
        guard try connection.query("SELECT to_regclass('identity_separations') IS NOT NULL").first?.first == "t" else { return [] }
        return try connection.query(CRMDatabase.keptApartQuery).map { ($0[0] ?? "", $0[1] ?? "", $0[2] ?? "", $0[3] ?? "") }
    }

    /// A staged customer that maps to a customer merged away by a review decision goes to its
    /// survivor instead, and its values never overwrite the survivor's (`redirected`).
    func redirectMergedAway() throws {
        try connection.execute("""
            UPDATE customer_map m SET redirected = true, customer_id = c.merged_into_customer_id
            FROM customers c WHERE c.id = m.customer_id AND c.merged_into_customer_id IS NOT NULL
            """, [])
    }

    /// Keeps each survivor's values from before its first merge: the staged row for a new
    /// customer, the database row for one that already existed. Called before the survivorship
    /// update; an active snapshot is never replaced.
    func snapshotSurvivors(run: String) throws {
        let fields = CRMDatabase.snapshotFields
        try connection.execute("""
            INSERT INTO merge_snapshots (customer_id, role, \(fields), home_store_id, card_balance_fen,
              source_id, source_file, record_key, run_id)
            SELECT m.customer_id, 'survivor', \(CRMDatabase.prefixed(fields, "l")), (SELECT id FROM stores WHERE code = l.store_code),
              l.card_balance_fen, l.source_id, l.source_file, l.record_key, $1
            FROM stg_lineage l JOIN customer_map m ON m.staging_id = l.survivor_staging_id
            WHERE l.role = 'survivor' AND m.is_new
            ORDER BY l.survivor_staging_id, l.source_file, l.record_key
            ON CONFLICT DO NOTHING
            """, [run])
        try connection.execute("""
            INSERT INTO merge_snapshots (customer_id, role, \(fields), member_level_derived, home_store_id,
              card_balance_fen, source_id, source_file, record_key, run_id)
            SELECT c.id, 'survivor', \(CRMDatabase.prefixed(fields, "c")), c.member_level_derived, c.home_store_id,
              (SELECT k.balance_fen FROM member_cards k WHERE k.store_id = c.home_store_id AND k.card_key = 'customer:' || c.id),
              c.source_id, c.source_file, c.record_key, $1
            FROM customers c
            WHERE c.id IN (
              SELECT m.customer_id FROM stg_lineage l JOIN customer_map m ON m.staging_id = l.survivor_staging_id
              WHERE l.role = 'survivor' AND NOT m.is_new
              UNION SELECT customer_id FROM db_matches WHERE merges = 1)
            ORDER BY c.id
            ON CONFLICT DO NOTHING
            """, [run])
    }

    /// Keeps each merged record's own values beside its merge row, once the merges are inserted.
    func publishMergedSnapshots(run: String) throws {
        let fields = CRMDatabase.snapshotFields
        try connection.execute("""
            INSERT INTO merge_snapshots (customer_id, role, merge_id, \(fields), home_store_id, phones,
              card_balance_fen, source_id, source_file, record_key, run_id)
            SELECT g.survivor_customer_id, 'merged', g.id, \(CRMDatabase.prefixed(fields, "l")),
              (SELECT id FROM stores WHERE code = l.store_code), l.phones_sealed, l.card_balance_fen, l.source_id, l.source_file,
              l.record_key, $1
            FROM stg_lineage l
            JOIN merges g ON g.source_id = l.source_id AND g.source_file = l.source_file
              AND g.record_key = l.record_key AND g.status = 'active'
            WHERE l.role = 'merged'
            ORDER BY g.id
            ON CONFLICT DO NOTHING
            """, [run])
    }
}
