-- Corrections applied to receipts before they were published, never silently: each row says what
-- the date was, what it became, why, which run applied it and which source line it came from.
CREATE TABLE IF NOT EXISTS receipt_date_corrections (
    id             INTEGER PRIMARY KEY,
    run_id         TEXT NOT NULL,
    store_code     TEXT NOT NULL,
    receipt_no     TEXT NOT NULL,
    sold_at_before TEXT NOT NULL,
    sold_at_after  TEXT NOT NULL,
    reason         TEXT NOT NULL,
    applied_by     TEXT NOT NULL,
    source_id      TEXT NOT NULL,
    source_file    TEXT NOT NULL,
    record_key     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS receipt_date_corrections_by_receipt ON receipt_date_corrections (store_code, receipt_no);
