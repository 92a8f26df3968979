-- The periodic POS import (`salon-etl import`). Every source file is tracked by content: a file
-- whose SHA-256 is recorded 'complete' is skipped, a changed file is read again. The row commits
-- in the same transaction as the receipts the file brought, so a killed import leaves neither.

CREATE TABLE IF NOT EXISTS import_files (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT NOT NULL UNIQUE,
    source_id    TEXT NOT NULL,
    path         TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    -- The export's business day as its name gives it (SH01_20240301.csv → 2024-03-01), or NULL.
    file_date    TEXT,
    -- 'complete', or 'incomplete' when the file ended inside a line (cut_at names it): the
    -- receipt it cut was held back and comes with the next export that carries it.
    status       TEXT NOT NULL CHECK (status IN ('complete', 'incomplete')),
    cut_at       TEXT,
    records_in   INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    run_id       TEXT NOT NULL,
    imported_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX IF NOT EXISTS import_files_by_date ON import_files (file_date);

-- Versions of corrected receipts: when a later file brings a receipt with different content, the
-- version before and the version after are both kept here, each with the file that brought it.
-- version 1 is the first one loaded. lines is a JSON array of the receipt's lines in line order.
CREATE TABLE IF NOT EXISTS receipt_history (
    id             INTEGER PRIMARY KEY,
    store_id       INTEGER NOT NULL REFERENCES stores (id),
    receipt_no     TEXT NOT NULL,
    version        INTEGER NOT NULL,
    sold_at        TEXT,
    status         TEXT NOT NULL,
    payment        TEXT,
    card_number    TEXT,
    total_fen      INTEGER NOT NULL,
    lines          TEXT NOT NULL,
    source_file    TEXT NOT NULL,
    record_key     TEXT NOT NULL,
    run_id         TEXT NOT NULL,
    UNIQUE (store_id, receipt_no, version)
);

-- Stored-value card movements read from receipt lines: a line paid 储值卡 debits the card (a
-- refund line credits it back), a 充值 line paid otherwise credits it. Keyed by the line, so
-- importing the same movement twice changes nothing; member_cards.balance_fen moves by the
-- difference between a line's new and old amount, inside the same transaction.
CREATE TABLE IF NOT EXISTS card_movements (
    store_id    INTEGER NOT NULL REFERENCES stores (id),
    receipt_no  TEXT NOT NULL,
    line_no     INTEGER NOT NULL,
    card_key    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('topup', 'deduction', 'refund')),
    -- Signed: a credit to the card is positive.
    amount_fen  INTEGER NOT NULL,
    sold_at     TEXT,
    run_id      TEXT NOT NULL,
    PRIMARY KEY (store_id, receipt_no, line_no)
);
CREATE INDEX IF NOT EXISTS card_movements_by_card ON card_movements (store_id, card_key);
