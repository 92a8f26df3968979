extension PostgresStagingCopy {
    /// The staged receipt lines (the `stg_receipt_lines` view: its rows with their provenance, in
    /// staging order) and the year corrections applied to them.
    static let receiptTables: [Table] = [
        Table(name: "stg_receipt_lines", from: "stg_receipt_lines", order: "row_order", columns:
            text("store_code receipt_no sold_at utc_offset card_number phone_e164 masked_prefix masked_suffix item technician")
            + [("quantity_milli", "BIGINT"), ("unit_price_fen", "BIGINT"), ("amount_fen", "BIGINT")]
            + text("payment status original_receipt_no") + [("points", "BIGINT")] + provenance),
        Table(name: "stg_receipt_year_corrections", from: "stg_receipt_year_corrections", order: "rowid", columns:
            text("store_code receipt_no sold_at_before sold_at_after reason") + provenance),
    ]
}
