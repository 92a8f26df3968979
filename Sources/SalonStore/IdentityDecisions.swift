import Foundation
import SalonCore

/// A person's identity decisions on a CRM database, SQLite or PostgreSQL: review decisions
/// (`merge`, `separate`) and unmerges. Written once in the SQL both targets share
/// (CRMTarget+SharedSQL.swift), so a chain on PostgreSQL reviews and undoes merges exactly as a
/// salon on SQLite does.
///
/// Shared SQL binds every value as text: each parameter is cast to its column's type where it is
/// used (`CAST(?1 AS BIGINT)`), which both dialects read the same way. Prepared phone columns are
/// blind-indexed and sealed here with the target's keys, as the publish prepares them.
/// Every decision writes its audit entry in the same transaction as the change.
public struct IdentityDecisions {
    let target: any CRMTarget
    let operationID: String
    /// The database as named in messages: a path, or a PostgreSQL URL without its password.
    let location: String
    /// The CRM keys phones are prepared with; nil for a database that is not encrypted.
    let keys: KeyRing?

    public init(target: any CRMTarget, keys: KeyRing?, operationID: String, location: String) {
        self.target = target
        self.keys = keys
        self.operationID = operationID
        self.location = location
    }

    /// The child tables a merge moves between customers, in the order they are moved.
    static let childTables = ["customer_phones", "notes", "customer_tags", "member_cards"]

    /// The columns besides `customer_id` of each child table's unique key: a row the receiving
    /// customer already holds under the same key stays where it is.
    static let uniqueKeyColumns = [
        "customer_phones": ["e164"],
        "notes": ["source_id", "source_file", "record_key", "column_name"],
        "customer_tags": ["code", "value", "source_id", "source_file", "record_key", "column_name", "span_start"],
    ]

    /// The SET clause that gives a child row of `table` to the customer in parameter `parameter`.
    /// A card without a number is keyed by its customer, so its key follows it.
    static func reassignment(of table: String, toParameter parameter: Int) -> String {
        table == "member_cards"
            ? "customer_id = CAST(?\(parameter) AS BIGINT), card_key = \(newCardKey(table, parameter))"
            : "customer_id = CAST(?\(parameter) AS BIGINT)"
    }

    private static func newCardKey(_ alias: String, _ parameter: Int) -> String {
        "CASE WHEN \(alias).card_number IS NULL THEN 'customer:' || CAST(?\(parameter) AS TEXT) ELSE \(alias).card_key END"
    }

    /// A condition true when the row of `table` would collide, once given to the customer in
    /// parameter `parameter`, with a row that customer already has (SQLite's `UPDATE OR IGNORE`,
    /// which PostgreSQL lacks). Rows of one customer never collide with each other: their keys
    /// differ in the other columns already.
    static func wouldCollide(_ table: String, toParameter parameter: Int) -> String {
        if table == "member_cards" {
            return """
                EXISTS (SELECT 1 FROM member_cards x WHERE x.id <> member_cards.id AND x.store_id = member_cards.store_id
                  AND x.card_key = \(newCardKey("member_cards", parameter)))
                """
        }
        let same = (uniqueKeyColumns[table] ?? []).map { "x.\($0) = \(table).\($0)" }.joined(separator: " AND ")
        return "EXISTS (SELECT 1 FROM \(table) x WHERE x.customer_id = CAST(?\(parameter) AS BIGINT) AND \(same))"
    }

    // MARK: Review decisions

    /// Applies review decisions in one transaction, after checking every one of them.
    ///
    /// `merge` moves the second customer's phones, notes, tags and cards to the first (the earlier
    /// customer), records a merge with reason 'review' and its lineage, and marks the second
    /// customer as merged into the first. `separate` remembers the pair, so later runs neither
    /// merge nor queue it again. Items already decided are left as they are.
    /// - Throws: `SalonError(.configuration)` naming the decision's location when a review id does
    ///   not exist; nothing is applied then.
    public func apply(_ decisions: [ReviewDecision]) throws -> ReviewApplySummary {
        var items: [Int64: (status: String, first: Int64, second: Int64)] = [:]
        for decision in decisions {
            guard let row = try rows(
                "SELECT status, other_customer_id, customer_id FROM review_queue WHERE id = CAST(?1 AS BIGINT)",
                [String(decision.reviewID)]).first
            else {
                throw SalonError(
                    .configuration, "review item \(decision.reviewID) does not exist", location: "\(decision.location) (column review_id)",
                    fix: "use the ids of the current queue: salon-etl review export")
            }
            items[decision.reviewID] = (row[0] ?? "", Self.id(row[1]), Self.id(row[2]))
        }
        var summary = ReviewApplySummary()
        try target.sharedTransaction {
            var decided = Set<Int64>()
            for decision in decisions {
                guard let item = items[decision.reviewID], item.status == "open", decided.insert(decision.reviewID).inserted else {
                    summary.alreadyDecided += 1
                    continue
                }
                let status: String
                var detail: String
                switch decision.kind {
                case .merge:
                    let survivor = try currentCustomer(item.first)
                    let other = try currentCustomer(item.second)
                    detail = "customer:\(other) into customer:\(survivor)"
                    if survivor != other {
                        let moved = try mergeCustomer(other, into: survivor, reviewID: decision.reviewID)
                        summary.rowsMoved += moved
                        detail += ", \(moved) rows moved"
                        try audit(AuditLog.Action.merge, subject: "customer:\(survivor)", detail: "customer:\(other) merged by review:\(decision.reviewID)")
                    }
                    summary.merged += 1
                    status = "merged"
                case .separate:
                    _ = try rows("""
                        INSERT INTO identity_separations (customer_id, other_customer_id, source_id, source_file,
                          record_key, reason, decided_at)
                        SELECT id, CAST(?2 AS BIGINT), source_id, source_file, record_key, 'review', CAST(?3 AS TEXT)
                        FROM customers WHERE id = CAST(?1 AS BIGINT)
                        ON CONFLICT DO NOTHING
                        """, [String(item.second), String(item.first), operationID])
                    detail = "customer:\(item.second) kept apart from customer:\(item.first)"
                    summary.separated += 1
                    status = "separated"
                }
                _ = try rows(
                    "UPDATE review_queue SET status = CAST(?2 AS TEXT), decided_at = CAST(?3 AS TEXT) WHERE id = CAST(?1 AS BIGINT)",
                    [String(decision.reviewID), status, operationID])
                try audit(AuditLog.Action.reviewDecision, subject: "review:\(decision.reviewID)", detail: "\(status): \(detail)")
            }
        }
        return summary
    }

    /// The customer a possibly merged-away customer now lives in.
    func currentCustomer(_ id: Int64) throws -> Int64 {
        var current = id
        for _ in 0..<64 {
            guard let next = try rows(
                "SELECT merged_into_customer_id FROM customers WHERE id = CAST(?1 AS BIGINT) AND merged_into_customer_id IS NOT NULL",
                [String(current)]).first?.first ?? nil, let nextID = Int64(next)
            else { return current }
            current = nextID
        }
        return current
    }

    /// Merges customer `other` into `survivor`; returns the number of child rows moved.
    private func mergeCustomer(_ other: Int64, into survivor: Int64, reviewID: Int64) throws -> Int {
        let fields = CRMDatabase.snapshotFields
        // The survivor's row as it is now, unless an active snapshot from an earlier merge exists.
        _ = try rows("""
            INSERT INTO merge_snapshots (customer_id, role, \(fields), member_level_derived, home_store_id,
              source_id, source_file, record_key, run_id)
            SELECT id, 'survivor', \(fields), member_level_derived, home_store_id, source_id, source_file, record_key, CAST(?2 AS TEXT)
            FROM customers WHERE id = CAST(?1 AS BIGINT)
            ON CONFLICT DO NOTHING
            """, [String(survivor), operationID])
        guard let mergeID = try rows("""
            INSERT INTO merges (survivor_customer_id, source_id, source_file, record_key, reason, matched_on, run_id, score,
              explanation, merged_customer_id)
            SELECT CAST(?1 AS BIGINT), o.source_id, o.source_file, o.record_key, 'review', q.reason, CAST(?4 AS TEXT), q.score,
              q.explanation, o.id
            FROM customers o, review_queue q WHERE o.id = CAST(?2 AS BIGINT) AND q.id = CAST(?3 AS BIGINT)
            RETURNING id
            """, [String(survivor), String(other), String(reviewID), operationID]).first?.first ?? nil
        else {
            throw SalonError(.database, "customer \(other) or review item \(reviewID) vanished during the merge", location: location)
        }
        _ = try rows("""
            INSERT INTO merge_snapshots (customer_id, role, merge_id, \(fields), member_level_derived, home_store_id,
              source_id, source_file, record_key, run_id)
            SELECT CAST(?1 AS BIGINT), 'merged', CAST(?3 AS BIGINT), \(fields), member_level_derived, home_store_id,
              source_id, source_file, record_key, CAST(?4 AS TEXT)
            FROM customers WHERE id = CAST(?2 AS BIGINT)
            """, [String(survivor), String(other), mergeID, operationID])
        var moved = 0
        for table in Self.childTables {
            // A row the survivor already has (the shared phone, the same numberless card) stays put.
            let movedRows = try rows("""
                UPDATE \(table) SET \(Self.reassignment(of: table, toParameter: 2))
                WHERE customer_id = CAST(?1 AS BIGINT) AND NOT \(Self.wouldCollide(table, toParameter: 2))
                RETURNING id
                """, [String(other), String(survivor)])
            for row in movedRows {
                _ = try rows(
                    "INSERT INTO merge_moved_rows (merge_id, table_name, row_id) VALUES (CAST(?1 AS BIGINT), CAST(?2 AS TEXT), CAST(?3 AS BIGINT))",
                    [mergeID, table, row[0]])
            }
            moved += movedRows.count
        }
        // Survivorship: the survivor's values stay and the other customer fills only what it lacks.
        // Later runs publish both customers' records to the survivor again, the survivor's own
        // record included, so letting the other's values win would flip them back on every run.
        _ = try rows("""
            UPDATE customers SET
              name = COALESCE(customers.name, o.name), name_original = COALESCE(customers.name_original, o.name_original),
              surname = COALESCE(customers.surname, o.surname), given_name = COALESCE(customers.given_name, o.given_name),
              form_of_address = COALESCE(customers.form_of_address, o.form_of_address), gender = COALESCE(customers.gender, o.gender),
              birthday_calendar = CASE WHEN customers.birthday IS NULL THEN o.birthday_calendar ELSE customers.birthday_calendar END,
              birthday_leap_month = CASE WHEN customers.birthday IS NULL THEN o.birthday_leap_month ELSE customers.birthday_leap_month END,
              birthday = COALESCE(customers.birthday, o.birthday),
              member_level = COALESCE(customers.member_level, o.member_level), join_date = COALESCE(customers.join_date, o.join_date),
              updated_run_id = CAST(?3 AS TEXT)
            FROM customers o WHERE o.id = CAST(?2 AS BIGINT) AND customers.id = CAST(?1 AS BIGINT)
            """, [String(survivor), String(other), operationID])
        _ = try rows(
            "UPDATE customers SET merged_into_customer_id = CAST(?1 AS BIGINT) WHERE id = CAST(?2 AS BIGINT) OR merged_into_customer_id = CAST(?2 AS BIGINT)",
            [String(survivor), String(other)])
        return moved
    }

    // MARK: Unmerge

    /// Undoes every active merge into `customerID`, in one transaction.
    ///
    /// Each record merged during a run becomes its own customer again with its snapshot values,
    /// its phones, and the notes, tags and cards its provenance brought. A customer merged by a
    /// review decision gets back the rows that were moved. The survivor's values return to its
    /// snapshot from before its first merge. Merges are marked undone, never deleted, and each pair
    /// is remembered as separated, so a later run does not merge it again.
    /// - Throws: `SalonError(.configuration)` for an unknown customer or one with nothing to undo.
    public func unmerge(customerID: Int64) throws -> UnmergeSummary {
        let survivor = String(customerID)
        guard try rows("SELECT id FROM customers WHERE id = CAST(?1 AS BIGINT)", [survivor]).count == 1 else {
            throw SalonError(.configuration, "no customer \(customerID)", location: location, fix: "check the id in the customers table")
        }
        let merges = try rows("""
            SELECT id, source_id, source_file, record_key, merged_customer_id FROM merges
            WHERE survivor_customer_id = CAST(?1 AS BIGINT) AND status = 'active' ORDER BY id DESC
            """, [survivor])
        guard !merges.isEmpty else {
            throw SalonError(
                .configuration, "customer \(customerID) has no merge to undo", location: location,
                fix: "unmerge the customer the records were merged into (see the merges table)")
        }
        var summary = UnmergeSummary()
        try target.sharedTransaction {
            for merge in merges {
                let mergeID = merge[0] ?? ""
                let provenance = Array(merge[1...3])
                let restored: Int64
                if let other = merge[4].flatMap({ Int64($0) }) {
                    restored = other
                    summary.rowsMoved += try moveBack(mergeID: mergeID, to: other)
                    _ = try rows("UPDATE customers SET merged_into_customer_id = NULL WHERE id = CAST(?1 AS BIGINT)", [String(other)])
                } else {
                    let record = try restoreRecord(mergeID: mergeID, provenance: provenance, survivor: survivor)
                    restored = record.id
                    summary.rowsMoved += record.moved
                }
                _ = try rows("""
                    INSERT INTO identity_separations (customer_id, other_customer_id, source_id, source_file,
                      record_key, reason, decided_at)
                    VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT), 'unmerge',
                      CAST(?6 AS TEXT))
                    ON CONFLICT DO NOTHING
                    """, [String(restored), survivor] + provenance + [operationID])
                _ = try rows(
                    "UPDATE merges SET status = 'undone', undone_at = CAST(?2 AS TEXT) WHERE id = CAST(?1 AS BIGINT)", [mergeID, operationID])
                _ = try rows("UPDATE merge_snapshots SET status = 'undone' WHERE merge_id = CAST(?1 AS BIGINT)", [mergeID])
                summary.restoredCustomerIDs.append(restored)
            }
            let fields = CRMDatabase.snapshotFields.split(separator: ",").map { $0.trimmingWhitespace }
            let assignments = (fields + ["member_level_derived", "home_store_id"]).map { "\($0) = s.\($0)" }.joined(separator: ", ")
            let survivorSnapshot = "s.customer_id = CAST(?1 AS BIGINT) AND s.role = 'survivor' AND s.status = 'active'"
            summary.survivorRestored = try !rows("""
                UPDATE customers SET \(assignments), updated_run_id = CAST(?2 AS TEXT)
                FROM merge_snapshots s
                WHERE customers.id = CAST(?1 AS BIGINT) AND \(survivorSnapshot)
                RETURNING customers.id
                """, [survivor, operationID]).isEmpty
            try restoreOwnCard(customerID: customerID, snapshot: survivorSnapshot, survivor)
            _ = try rows(
                "UPDATE merge_snapshots SET status = 'undone' WHERE customer_id = CAST(?1 AS BIGINT) AND role = 'survivor' AND status = 'active'",
                [survivor])
            summary.restoredCustomerIDs.reverse()
            try audit(
                AuditLog.Action.unmerge, subject: "customer:\(customerID)",
                detail: "\(merges.count) merges undone; customers restored: "
                    + summary.restoredCustomerIDs.map { "customer:\($0)" }.joined(separator: ", "))
        }
        return summary
    }

    /// Moves the rows a review merge moved back to the customer they came from.
    private func moveBack(mergeID: String, to other: Int64) throws -> Int {
        var moved = 0
        for table in Self.childTables {
            moved += try rows("""
                UPDATE \(table) SET \(Self.reassignment(of: table, toParameter: 2))
                WHERE id IN (SELECT row_id FROM merge_moved_rows WHERE merge_id = CAST(?1 AS BIGINT) AND table_name = CAST(?3 AS TEXT))
                RETURNING id
                """, [mergeID, String(other), table]).count
        }
        return moved
    }

    /// A record merged during a run becomes a customer again: its snapshot values, its phones,
    /// and the survivor's notes, tags and cards that carry its provenance. Returns the new id and
    /// the number of rows moved to it.
    private func restoreRecord(mergeID: String, provenance: [String?], survivor: String) throws -> (id: Int64, moved: Int) {
        guard let snapshot = try rows(
            "SELECT phones FROM merge_snapshots WHERE merge_id = CAST(?1 AS BIGINT) AND role = 'merged'", [mergeID]).first
        else {
            throw SalonError(.database, "merge \(mergeID) has no snapshot to restore", location: location)
        }
        let base = "rec:\(provenance[0] ?? ""):\(provenance[1] ?? ""):\(provenance[2] ?? "")"
        let taken = try !rows("SELECT id FROM customers WHERE customer_key = CAST(?1 AS TEXT)", [base]).isEmpty
        let key = taken ? "\(base)#\(mergeID)" : base
        let fields = CRMDatabase.snapshotFields
        guard let restoredText = try rows("""
            INSERT INTO customers (customer_key, \(fields), member_level_derived, home_store_id, source_id, source_file, record_key,
              created_run_id, updated_run_id)
            SELECT CAST(?2 AS TEXT), \(fields), member_level_derived, home_store_id, source_id, source_file, record_key,
              CAST(?3 AS TEXT), CAST(?3 AS TEXT)
            FROM merge_snapshots WHERE merge_id = CAST(?1 AS BIGINT) AND role = 'merged'
            RETURNING id
            """, [mergeID, key, operationID]).first?.first ?? nil, let restored = Int64(restoredText)
        else {
            throw SalonError(.database, "merge \(mergeID) has no snapshot to restore", location: location)
        }
        var moved = 0
        for table in Self.childTables {
            moved += try rows("""
                UPDATE \(table) SET \(Self.reassignment(of: table, toParameter: 5))
                WHERE customer_id = CAST(?1 AS BIGINT) AND source_id = CAST(?2 AS TEXT) AND source_file = CAST(?3 AS TEXT)
                  AND record_key = CAST(?4 AS TEXT) AND NOT \(Self.wouldCollide(table, toParameter: 5))
                RETURNING id
                """, [survivor] + provenance + [restoredText]).count
        }
        // Phones the record repeated were kept once, on the survivor: the record gets its own rows,
        // prepared as a publish prepares them (blind index and sealed copy; as they are without keys).
        for phone in StagingLineageWriter.phones(fromText: snapshot[0] ?? "") {
            let prepared: [String?] = [
                restoredText, keys?.blindIndex(phone.e164) ?? phone.e164, phone.kind, keys?.seal(phone.original) ?? phone.original,
            ]
            _ = try rows("""
                INSERT INTO customer_phones (customer_id, e164, kind, original, source_id, source_file, record_key, run_id,
                  e164_sealed)
                VALUES (CAST(?1 AS BIGINT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT), CAST(?6 AS TEXT),
                  CAST(?7 AS TEXT), CAST(?8 AS TEXT), CAST(?9 AS TEXT))
                ON CONFLICT DO NOTHING
                """, prepared + provenance + [operationID, keys?.seal(phone.e164) ?? phone.e164])
        }
        try restoreOwnCard(customerID: restored, snapshot: "s.merge_id = CAST(?1 AS BIGINT) AND s.role = 'merged'", mergeID)
        return (restored, moved)
    }

    /// Gives a customer back its own card without a number in its home store, with the balance
    /// its snapshot kept (`condition` selects the snapshot, alias `s`, with `?1` = `key`). Records
    /// of one customer in one store share such a card, and the latest record's balance became the
    /// card's; undone, each record has its own card and balance again.
    private func restoreOwnCard(customerID: Int64, snapshot condition: String, _ key: String) throws {
        let customer = String(customerID)
        _ = try rows("""
            UPDATE member_cards SET balance_fen = s.card_balance_fen, run_id = CAST(?3 AS TEXT)
            FROM merge_snapshots s
            WHERE \(condition) AND s.card_balance_fen IS NOT NULL AND member_cards.store_id = s.home_store_id
              AND member_cards.card_key = 'customer:' || CAST(?2 AS TEXT) AND member_cards.balance_fen <> s.card_balance_fen
            """, [key, customer, operationID])
        _ = try rows("""
            INSERT INTO member_cards (customer_id, store_id, card_key, card_number, balance_fen, source_id, source_file,
              record_key, run_id)
            SELECT CAST(?2 AS BIGINT), s.home_store_id, 'customer:' || CAST(?2 AS TEXT), NULL, s.card_balance_fen, s.source_id,
              s.source_file, s.record_key, CAST(?3 AS TEXT)
            FROM merge_snapshots s WHERE \(condition) AND s.card_balance_fen IS NOT NULL AND s.home_store_id IS NOT NULL
            ON CONFLICT DO NOTHING
            """, [key, customer, operationID])
    }

    // MARK: Helpers

    private func rows(_ sql: String, _ parameters: [String?]) throws -> [[String?]] {
        try target.sharedQuery(sql, parameters)
    }

    private func audit(_ action: String, subject: String, detail: String) throws {
        try target.recordAudit(action: action, subject: subject, detail: detail, runID: nil, at: Date())
    }

    private static func id(_ text: String?) -> Int64 { text.flatMap { Int64($0) } ?? 0 }
}
