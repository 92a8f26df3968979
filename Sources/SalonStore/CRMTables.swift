/// The CRM tables by name: the fixed list a table name must be in before it is spliced into SQL
/// (counts for the report). A schema file that adds a table adds it here.
public enum CRMTables {
    public static let names: Set<String> = [
        "stores", "runs", "source_files", "customers", "customer_phones", "notes", "member_cards", "merges",
        "review_queue", "rejects", "customer_tags", "review_corrections", "chat_messages", "chat_facts", "appointments",
        "receipts", "receipt_lines", "audit_log", "erased_card_balances", "merge_snapshots", "merge_moved_rows",
        "identity_separations", "import_files", "receipt_history", "card_movements", "customer_segments",
        "receipt_date_corrections", "reconcile_runs", "point_movements",
    ]
}
