import SalonCore

/// A person's decision on one review item, read from the review file.
public struct ReviewDecision: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case merge, separate
    }

    public var reviewID: Int64
    public var kind: Kind
    /// Where the decision was written ("review.csv:4"), for messages.
    public var location: String

    public init(reviewID: Int64, kind: Kind, location: String) {
        self.reviewID = reviewID
        self.kind = kind
        self.location = location
    }
}

/// What applying a decisions file changed. Applying the same file again reports only
/// `alreadyDecided`.
public struct ReviewApplySummary: Sendable, Equatable {
    public var merged = 0
    public var separated = 0
    public var alreadyDecided = 0
    public var rowsMoved = 0

    public init() {}
}

extension CRMDatabase {
    /// The child tables a merge moves between customers, in the order they are moved.
    static let childTables = ["customer_phones", "notes", "customer_tags", "member_cards"]

    /// The SET clause that gives a child row of `table` to the customer in parameter `parameter`.
    /// A card without a number is keyed by its customer, so its key follows it.
    static func reassignment(of table: String, toParameter parameter: Int) -> String {
        table == "member_cards"
            ? "customer_id = ?\(parameter), card_key = CASE WHEN card_number IS NULL THEN 'customer:' || ?\(parameter) ELSE card_key END"
            : "customer_id = ?\(parameter)"
    }

    /// Applies review decisions in one transaction, after checking every one of them.
    ///
    /// `merge` moves the second customer's phones, notes, tags and cards to the first (the earlier
    /// customer), records a merge with reason 'review' and its lineage, and marks the second
    /// customer as merged into the first. `separate` remembers the pair, so later runs neither
    /// merge nor queue it again. Items already decided are left as they are.
    /// - Throws: `SalonError(.configuration)` naming the decision's location when a review id does
    ///   not exist; nothing is applied then.
    public func applyReviewDecisions(_ decisions: [ReviewDecision], operationID: String) throws -> ReviewApplySummary {
        var items: [Int64: (status: String, first: Int64, second: Int64)] = [:]
        for decision in decisions {
            guard let row = try connection.query(
                "SELECT status, other_customer_id, customer_id FROM review_queue WHERE id = ?1", [.int(decision.reviewID)]).first
            else {
                throw SalonError(
                    .configuration, "review item \(decision.reviewID) does not exist", location: "\(decision.location) (column review_id)",
                    fix: "use the ids of the current queue: salon-etl review export")
            }
            items[decision.reviewID] = (row[0].text ?? "", row[1].int ?? 0, row[2].int ?? 0)
        }
        var summary = ReviewApplySummary()
        try connection.transaction {
            var decided = Set<Int64>()
            for decision in decisions {
                guard let item = items[decision.reviewID], item.status == "open", decided.insert(decision.reviewID).inserted else {
                    summary.alreadyDecided += 1
                    continue
                }
                let status: String
                switch decision.kind {
                case .merge:
                    let survivor = try currentCustomer(item.first)
                    let other = try currentCustomer(item.second)
                    if survivor != other {
                        summary.rowsMoved += try mergeCustomer(other, into: survivor, reviewID: decision.reviewID, operationID: operationID)
                    }
                    summary.merged += 1
                    status = "merged"
                case .separate:
                    try connection.execute("""
                        INSERT OR IGNORE INTO identity_separations (customer_id, other_customer_id, source_id, source_file,
                          record_key, reason, decided_at)
                        SELECT id, ?2, source_id, source_file, record_key, 'review', ?3 FROM customers WHERE id = ?1
                        """, [.int(item.second), .int(item.first), .text(operationID)])
                    summary.separated += 1
                    status = "separated"
                }
                try connection.execute(
                    "UPDATE review_queue SET status = ?2, decided_at = ?3 WHERE id = ?1",
                    [.int(decision.reviewID), .text(status), .text(operationID)])
            }
        }
        return summary
    }

    /// The customer a possibly merged-away customer now lives in.
    func currentCustomer(_ id: Int64) throws -> Int64 {
        var current = id
        for _ in 0..<64 {
            guard let next = try connection.scalarInt(
                "SELECT merged_into_customer_id FROM customers WHERE id = ?1 AND merged_into_customer_id IS NOT NULL",
                [.int(current)])
            else { return current }
            current = next
        }
        return current
    }

    /// Merges customer `other` into `survivor`; returns the number of child rows moved.
    private func mergeCustomer(_ other: Int64, into survivor: Int64, reviewID: Int64, operationID: String) throws -> Int {
        let op = SQLiteValue.text(operationID)
        try snapshotSurvivor(survivor, operationID: operationID)
        try connection.execute("""
            INSERT INTO merges (survivor_customer_id, source_id, source_file, record_key, reason, matched_on, run_id, score,
              explanation, merged_customer_id)
            SELECT ?1, o.source_id, o.source_file, o.record_key, 'review', q.reason, ?4, q.score, q.explanation, o.id
            FROM customers o, review_queue q WHERE o.id = ?2 AND q.id = ?3
            """, [.int(survivor), .int(other), .int(reviewID), op])
        let mergeID = connection.lastInsertRowID
        let fields = Self.snapshotFields
        try connection.execute("""
            INSERT INTO merge_snapshots (customer_id, role, merge_id, \(fields), member_level_derived, home_store_id,
              source_id, source_file, record_key, run_id)
            SELECT ?1, 'merged', ?3, \(fields), member_level_derived, home_store_id, source_id, source_file, record_key, ?4
            FROM customers WHERE id = ?2
            """, [.int(survivor), .int(other), .int(mergeID), op])
        var moved = 0
        for table in Self.childTables {
            // A row the survivor already has (the shared phone, the same numberless card) stays put.
            let rows = try connection.query(
                "UPDATE OR IGNORE \(table) SET \(Self.reassignment(of: table, toParameter: 2)) WHERE customer_id = ?1 RETURNING id", [.int(other), .int(survivor)])
            for row in rows {
                try connection.execute(
                    "INSERT INTO merge_moved_rows (merge_id, table_name, row_id) VALUES (?1, ?2, ?3)",
                    [.int(mergeID), .text(table), row[0]])
            }
            moved += rows.count
        }
        // Survivorship: the survivor's values stay and the other customer fills only what it lacks.
        // Later runs publish both customers' records to the survivor again, the survivor's own
        // record included, so letting the other's values win would flip them back on every run.
        try connection.execute("""
            UPDATE customers SET
              name = COALESCE(customers.name, o.name), name_original = COALESCE(customers.name_original, o.name_original),
              surname = COALESCE(customers.surname, o.surname), given_name = COALESCE(customers.given_name, o.given_name),
              form_of_address = COALESCE(customers.form_of_address, o.form_of_address), gender = COALESCE(customers.gender, o.gender),
              birthday_calendar = CASE WHEN customers.birthday IS NULL THEN o.birthday_calendar ELSE customers.birthday_calendar END,
              birthday_leap_month = CASE WHEN customers.birthday IS NULL THEN o.birthday_leap_month ELSE customers.birthday_leap_month END,
              birthday = COALESCE(customers.birthday, o.birthday),
              member_level = COALESCE(customers.member_level, o.member_level), join_date = COALESCE(customers.join_date, o.join_date),
              updated_run_id = ?3
            FROM customers o WHERE o.id = ?2 AND customers.id = ?1
            """, [.int(survivor), .int(other), op])
        try connection.execute(
            "UPDATE customers SET merged_into_customer_id = ?1 WHERE id = ?2 OR merged_into_customer_id = ?2",
            [.int(survivor), .int(other)])
        return moved
    }

    /// Keeps the survivor's row as it is now, unless an active snapshot from an earlier merge exists.
    func snapshotSurvivor(_ survivor: Int64, operationID: String) throws {
        let fields = Self.snapshotFields
        try connection.execute("""
            INSERT OR IGNORE INTO merge_snapshots (customer_id, role, \(fields), member_level_derived, home_store_id,
              source_id, source_file, record_key, run_id)
            SELECT id, 'survivor', \(fields), member_level_derived, home_store_id, source_id, source_file, record_key, ?2
            FROM customers WHERE id = ?1
            """, [.int(survivor), .text(operationID)])
    }
}
