import SalonCore

/// What an unmerge restored.
public struct UnmergeSummary: Sendable, Equatable {
    /// The customers that are their own again: new ids for records merged during a run, the old
    /// ids for customers merged by a review decision.
    public var restoredCustomerIDs: [Int64] = []
    public var rowsMoved = 0
    public var survivorRestored = false

    public init() {}
}

extension CRMDatabase {
    /// Undoes every active merge into `customerID`, in one transaction.
    ///
    /// Each record merged during a run becomes its own customer again with its snapshot values,
    /// its phones, and the notes, tags and cards its provenance brought. A customer merged by a
    /// review decision gets back the rows that were moved. The survivor's values return to its
    /// snapshot from before its first merge. Merges are marked undone, never deleted, and each pair
    /// is remembered as separated, so a later run does not merge it again.
    /// - Throws: `SalonError(.configuration)` for an unknown customer or one with nothing to undo.
    public func unmerge(customerID: Int64, operationID: String) throws -> UnmergeSummary {
        guard try connection.scalarInt("SELECT COUNT(*) FROM customers WHERE id = ?1", [.int(customerID)]) == 1 else {
            throw SalonError(.configuration, "no customer \(customerID)", location: connection.path, fix: "check the id in the customers table")
        }
        let merges = try connection.query("""
            SELECT id, source_id, source_file, record_key, merged_customer_id FROM merges
            WHERE survivor_customer_id = ?1 AND status = 'active' ORDER BY id DESC
            """, [.int(customerID)])
        guard !merges.isEmpty else {
            throw SalonError(
                .configuration, "customer \(customerID) has no merge to undo", location: connection.path,
                fix: "unmerge the customer the records were merged into (see the merges table)")
        }
        let op = SQLiteValue.text(operationID)
        let survivor = SQLiteValue.int(customerID)
        var summary = UnmergeSummary()
        try connection.transaction {
            for merge in merges {
                let mergeID = merge[0]
                let restored: Int64
                if let other = merge[4].int {
                    restored = other
                    summary.rowsMoved += try moveBack(mergeID: mergeID, to: other)
                    try connection.execute("UPDATE customers SET merged_into_customer_id = NULL WHERE id = ?1", [.int(other)])
                } else {
                    let record = try restoreRecord(mergeID: mergeID, provenance: Array(merge[1...3]), survivor: survivor, op: op)
                    restored = record.id
                    summary.rowsMoved += record.moved
                }
                try connection.execute("""
                    INSERT OR IGNORE INTO identity_separations (customer_id, other_customer_id, source_id, source_file,
                      record_key, reason, decided_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, 'unmerge', ?6)
                    """, [.int(restored), survivor, merge[1], merge[2], merge[3], op])
                try connection.execute("UPDATE merges SET status = 'undone', undone_at = ?2 WHERE id = ?1", [mergeID, op])
                try connection.execute("UPDATE merge_snapshots SET status = 'undone' WHERE merge_id = ?1", [mergeID])
                summary.restoredCustomerIDs.append(restored)
            }
            let fields = Self.snapshotFields.split(separator: ",").map { $0.trimmingWhitespace }
            let assignments = (fields + ["member_level_derived", "home_store_id"]).map { "\($0) = s.\($0)" }.joined(separator: ", ")
            try connection.execute("""
                UPDATE customers SET \(assignments), updated_run_id = ?2
                FROM merge_snapshots s
                WHERE customers.id = ?1 AND s.customer_id = ?1 AND s.role = 'survivor' AND s.status = 'active'
                """, [survivor, op])
            summary.survivorRestored = connection.changes > 0
            try restoreOwnCard(customerID: customerID, snapshot: "s.customer_id = ?1 AND s.role = 'survivor' AND s.status = 'active'", survivor, op: op)
            try connection.execute(
                "UPDATE merge_snapshots SET status = 'undone' WHERE customer_id = ?1 AND role = 'survivor' AND status = 'active'",
                [survivor])
        }
        summary.restoredCustomerIDs.reverse()
        return summary
    }

    /// Moves the rows a review merge moved back to the customer they came from.
    private func moveBack(mergeID: SQLiteValue, to other: Int64) throws -> Int {
        var moved = 0
        for table in Self.childTables {
            try connection.execute("""
                UPDATE \(table) SET \(Self.reassignment(of: table, toParameter: 2))
                WHERE id IN (SELECT row_id FROM merge_moved_rows WHERE merge_id = ?1 AND table_name = ?3)
                """, [mergeID, .int(other), .text(table)])
            moved += Int(connection.changes)
        }
        return moved
    }

    /// A record merged during a run becomes a customer again: its snapshot values, its phones,
    /// and the survivor's notes, tags and cards that carry its provenance. Returns the new id and
    /// the number of rows moved to it.
    private func restoreRecord(
        mergeID: SQLiteValue, provenance: [SQLiteValue], survivor: SQLiteValue, op: SQLiteValue
    ) throws -> (id: Int64, moved: Int) {
        guard let snapshot = try connection.query(
            "SELECT phones FROM merge_snapshots WHERE merge_id = ?1 AND role = 'merged'", [mergeID]).first
        else {
            throw SalonError(.database, "merge \(mergeID.int ?? 0) has no snapshot to restore", location: connection.path)
        }
        let base = "rec:\(provenance[0].text ?? ""):\(provenance[1].text ?? ""):\(provenance[2].text ?? "")"
        let taken = try connection.scalarInt("SELECT COUNT(*) FROM customers WHERE customer_key = ?1", [.text(base)]) ?? 0
        let key = taken == 0 ? base : "\(base)#\(mergeID.int ?? 0)"
        let fields = Self.snapshotFields
        try connection.execute("""
            INSERT INTO customers (customer_key, \(fields), member_level_derived, home_store_id, source_id, source_file, record_key,
              created_run_id, updated_run_id)
            SELECT ?2, \(fields), member_level_derived, home_store_id, source_id, source_file, record_key, ?3, ?3
            FROM merge_snapshots WHERE merge_id = ?1 AND role = 'merged'
            """, [mergeID, .text(key), op])
        let restored = connection.lastInsertRowID
        var moved = 0
        for table in Self.childTables {
            try connection.execute("""
                UPDATE OR IGNORE \(table) SET \(Self.reassignment(of: table, toParameter: 5))
                WHERE customer_id = ?1 AND source_id = ?2 AND source_file = ?3 AND record_key = ?4
                """, [survivor] + provenance + [.int(restored)])
            moved += Int(connection.changes)
        }
        // Phones the record repeated were kept once, on the survivor: the record gets its own rows.
        let phones = try keyRing?.open(snapshot[0].text ?? "") ?? snapshot[0].text ?? ""
        for phone in StagingLineageWriter.phones(fromText: phones) {
            try connection.execute("""
                INSERT OR IGNORE INTO customer_phones (customer_id, e164, kind, original, source_id, source_file, record_key, run_id,
                  e164_sealed)
                VALUES (?1, salon_blind(?2), ?3, salon_seal(?4), ?5, ?6, ?7, ?8, salon_seal(?2))
                """, [.int(restored), .text(phone.e164), .text(phone.kind), .text(phone.original)] + provenance + [op])
        }
        try restoreOwnCard(customerID: restored, snapshot: "s.merge_id = ?1 AND s.role = 'merged'", mergeID, op: op)
        return (restored, moved)
    }

    /// Gives a customer back its own card without a number in its home store, with the balance
    /// its snapshot kept (`condition` selects the snapshot, alias `s`, with `?1`). Records of one customer in one store share such a card, and the latest
    /// record's balance became the card's; undone, each record has its own card and balance again.
    private func restoreOwnCard(customerID: Int64, snapshot condition: String, _ key: SQLiteValue, op: SQLiteValue) throws {
        let customer = SQLiteValue.int(customerID)
        try connection.execute("""
            UPDATE member_cards SET balance_fen = s.card_balance_fen, run_id = ?3
            FROM merge_snapshots s
            WHERE \(condition) AND s.card_balance_fen IS NOT NULL AND member_cards.store_id = s.home_store_id
              AND member_cards.card_key = 'customer:' || ?2 AND member_cards.balance_fen IS NOT s.card_balance_fen
            """, [key, customer, op])
        try connection.execute("""
            INSERT OR IGNORE INTO member_cards (customer_id, store_id, card_key, card_number, balance_fen, source_id, source_file,
              record_key, run_id)
            SELECT ?2, s.home_store_id, 'customer:' || ?2, NULL, s.card_balance_fen, s.source_id, s.source_file, s.record_key, ?3
            FROM merge_snapshots s WHERE \(condition) AND s.card_balance_fen IS NOT NULL AND s.home_store_id IS NOT NULL
            """, [key, customer, op])
    }
}
