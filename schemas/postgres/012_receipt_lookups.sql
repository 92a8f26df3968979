-- Lookups every publish makes: the twin of schemas/sqlite/012_receipt_lookups.sql.
CREATE INDEX IF NOT EXISTS receipts_by_refund_no ON receipts (store_id, refund_of_receipt_no)
    WHERE refund_of_receipt_no IS NOT NULL;
CREATE INDEX IF NOT EXISTS receipts_by_sold_at ON receipts (sold_at);
