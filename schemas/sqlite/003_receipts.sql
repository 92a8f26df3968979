-- POS receipts and their lines. A receipt is keyed by (store, receipt number): publishing upserts
-- on that key, so a re-run changes nothing and a later periodic import of an overlapping export
-- updates the receipts it repeats. Money is integer fen; refunds are negative.

CREATE TABLE IF NOT EXISTS receipts (
    id                   INTEGER PRIMARY KEY,
    store_id             INTEGER NOT NULL REFERENCES stores (id),
    receipt_no           TEXT NOT NULL,
    -- Local wall-clock time as the till printed it (2024-03-01 10:05:12); utc_offset says which
    -- zone that is (+08:00 for Asia/Shanghai). Text sorts in time order within a store.
    sold_at              TEXT,
    utc_offset           TEXT,
    customer_id          INTEGER REFERENCES customers (id),
    card_number          TEXT,
    -- How customer_id was found: 'card' (member card in the store), 'phone' (exact number),
    -- 'masked_phone' (138****5678 fitting exactly one of the store's customers), or NULL.
    link_method          TEXT CHECK (link_method IN ('card', 'phone', 'masked_phone')),
    link_confidence      REAL,
    -- The masked phone as printed (visible digits only), kept so a later run can link it.
    masked_phone         TEXT,
    -- One method for the whole receipt, or 'mixed' when its lines were paid differently.
    payment              TEXT,
    status               TEXT NOT NULL CHECK (status IN ('normal', 'refund', 'void')),
    refund_of            INTEGER REFERENCES receipts (id),
    -- The original receipt's number as the refund named it, so it links once the original arrives.
    refund_of_receipt_no TEXT,
    -- Net of refund lines, without voided lines.
    total_fen            INTEGER NOT NULL,
    source_id            TEXT NOT NULL,
    source_file          TEXT NOT NULL,
    record_key           TEXT NOT NULL,
    created_run_id       TEXT NOT NULL,
    updated_run_id       TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS receipts_by_number ON receipts (store_id, receipt_no);
-- Store + day lookups (reconciliation per store and day): sold_at >= '2024-03-01' AND < '2024-03-02'.
CREATE INDEX IF NOT EXISTS receipts_by_store_day ON receipts (store_id, sold_at);
CREATE INDEX IF NOT EXISTS receipts_by_customer ON receipts (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS receipts_by_refund_of ON receipts (refund_of) WHERE refund_of IS NOT NULL;

CREATE TABLE IF NOT EXISTS receipt_lines (
    id             INTEGER PRIMARY KEY,
    receipt_id     INTEGER NOT NULL REFERENCES receipts (id),
    line_no        INTEGER NOT NULL,
    item           TEXT,
    technician     TEXT,
    -- Thousandths: 1 → 1000, half a session → 500. Negative on refund lines.
    quantity_milli INTEGER NOT NULL,
    unit_price_fen INTEGER,
    amount_fen     INTEGER NOT NULL,
    payment        TEXT,
    status         TEXT NOT NULL CHECK (status IN ('normal', 'refund', 'void')),
    source_id      TEXT NOT NULL,
    source_file    TEXT NOT NULL,
    record_key     TEXT NOT NULL,
    run_id         TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS receipt_lines_by_number ON receipt_lines (receipt_id, line_no);
