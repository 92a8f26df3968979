extension PostgresCRMDatabase {
    /// The tables a publish fills in bulk.
    static let bulkTables = [
        "customers", "customer_phones", "notes", "customer_tags", "member_cards", "merges", "review_queue", "merge_snapshots",
        "receipts", "receipt_lines",
    ]

    /// After a publish that changed many rows, refreshes the planner's statistics of the bulk
    /// tables at once rather than waiting for autovacuum. Until then the planner still sees the
    /// tables as (nearly) empty: right after a first load of 200,000 customers it walked
    /// `customer_phones` by id for each review item's first phone (`ORDER BY id LIMIT 1`), and the
    /// review file took 69 s instead of 0.1 s. ANALYZE samples a fixed number of rows per table.
    func refreshStatistics(after summary: PublishSummary) throws {
        guard summary.changedRows >= 10_000 else { return }
        try connection.execute("ANALYZE " + Self.bulkTables.joined(separator: ", "))
    }
}
