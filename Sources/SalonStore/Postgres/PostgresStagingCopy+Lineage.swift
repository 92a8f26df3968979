extension PostgresStagingCopy {
    /// A merge's or review item's match score and its one-line explanation.
    static let score: [(name: String, type: String)] = [("score", "DOUBLE PRECISION"), ("explanation", "TEXT")]

    /// Merge lineage (the `stg_lineage` view): each merged record's own values and each survivor's
    /// values from before its first merge, for `merge_snapshots`.
    static let lineageTables: [Table] = [
        Table(name: "stg_lineage", from: "stg_lineage", order: nil, columns:
            text("role") + [("survivor_staging_id", "BIGINT")]
            + text("name name_original surname given_name form_of_address gender birthday birthday_calendar")
            + [("birthday_leap_month", "INTEGER")] + text("member_level join_date store_code phones")
            + [("card_balance_fen", "BIGINT")] + provenance),
    ]
}
