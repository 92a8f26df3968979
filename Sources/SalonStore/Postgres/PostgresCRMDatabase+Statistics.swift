import Foundation

extension PostgresCRMDatabase {
    /// The tables a publish fills in bulk.
    static let bulkTables = [
        "customers", "customer_phones", "notes", "customer_tags", "member_cards", "merges", "review_queue", "merge_snapshots",
        "receipts", "receipt_lines",
    ]

    /// Settings for this publish transaction only (`SET LOCAL`): its statements sort and hash
    /// millions of rows at once. With the default 4 MB of `work_mem` W2's receipt sorts went to
    /// disk (250–425 MB each); index and foreign-key rebuilds get `maintenance_work_mem`. JIT
    /// compilation, which PostgreSQL turns on for statements this large, costs more here than it
    /// saves: each statement runs once.
    /// `SALON_ETL_PG_WORK_MEM` and `SALON_ETL_PG_MAINTENANCE_WORK_MEM` change the two memory
    /// settings (a PostgreSQL size such as `64MB`); empty keeps the server's own.
    func tuneForBulkPublish(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        for (setting, variable, preset) in [
            ("work_mem", "SALON_ETL_PG_WORK_MEM", "256MB"), ("maintenance_work_mem", "SALON_ETL_PG_MAINTENANCE_WORK_MEM", "512MB"),
        ] {
            let value = environment[variable] ?? preset
            guard !value.isEmpty else { continue }
            // set_config(…, true) is SET LOCAL with the value bound, never spliced into SQL.
            _ = try connection.query("SELECT set_config($1, $2, true)", [setting, value])
        }
        _ = try connection.query("SELECT set_config('jit', 'off', true)")
    }

    /// The bulk tables a publish fills before chat and receipts, which then join them.
    static let customerTables = ["customers", "customer_phones", "notes", "customer_tags", "member_cards", "merges", "merge_snapshots"]

    /// After a publish that changed many rows, refreshes the planner's statistics of the bulk
    /// tables at once rather than waiting for autovacuum. Until then the planner still sees the
    /// tables as (nearly) empty: right after a first load of 200,000 customers it walked
    /// `customer_phones` by id for each review item's first phone (`ORDER BY id LIMIT 1`), and the
    /// review file took 69 s instead of 0.1 s. ANALYZE samples a fixed number of rows per table.
    func refreshStatistics(after summary: PublishSummary) throws {
        let tables = Self.bulkTables.filter { !analyzedInPublish.contains($0) }
        guard summary.changedRows >= 10_000, !tables.isEmpty else { return }
        try connection.execute("ANALYZE " + tables.joined(separator: ", "))
    }

    /// Analyzes tables inside the publish transaction, for the statements that join them next.
    ///
    /// Those statements need row counts and the rough shape of each column, which a 3,000-row
    /// sample gives (statistics target 10, as for the staged tables) at a tenth of the cost of the
    /// default 30,000 rows: 0.07 s instead of 0.7 s for a first load of 200,000 customers. The
    /// rows this transaction inserted count as changed once it commits, so autovacuum analyzes
    /// these tables again at the server's own target shortly after.
    func analyzeInPublish(_ tables: [String]) throws {
        try connection.withCoarseStatistics { try connection.execute("ANALYZE " + tables.joined(separator: ", ")) }
        analyzedInPublish.formUnion(tables)
    }
}
