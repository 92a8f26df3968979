-- Lookups every publish makes, kept proportional to what the publish brings rather than to the
-- size of the receipts table: refunds waiting for their original (refund link and its count), and
-- the latest sale (the derived fields' as-of date).
CREATE INDEX IF NOT EXISTS receipts_by_refund_no ON receipts (store_id, refund_of_receipt_no)
    WHERE refund_of_receipt_no IS NOT NULL;
CREATE INDEX IF NOT EXISTS receipts_by_sold_at ON receipts (sold_at);
