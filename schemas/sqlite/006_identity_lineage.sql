-- Identity resolution you can explain and undo. Merges and review items carry the match score and
-- its one-line explanation; every merge keeps the merged record's own values and the survivor's
-- values from before its first merge (merge_snapshots), so `salon-etl unmerge` can restore both.
-- Child rows (phones, notes, tags, cards) keep their provenance, which names the record that
-- brought them; rows moved by a review decision are listed in merge_moved_rows.

ALTER TABLE merges ADD COLUMN score REAL;
ALTER TABLE merges ADD COLUMN explanation TEXT;
-- 'active' or 'undone' (an unmerge marks, never deletes).
ALTER TABLE merges ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE merges ADD COLUMN undone_at TEXT;
-- Set when a review decision merged a whole customer (not one source record) into the survivor.
ALTER TABLE merges ADD COLUMN merged_customer_id INTEGER REFERENCES customers (id);
-- A record merged, unmerged and merged again by a person keeps one active merge row.
DROP INDEX IF EXISTS merges_by_source;
CREATE UNIQUE INDEX IF NOT EXISTS merges_by_source ON merges (source_id, source_file, record_key) WHERE status = 'active';
CREATE INDEX IF NOT EXISTS merges_by_survivor ON merges (survivor_customer_id);

ALTER TABLE review_queue ADD COLUMN score REAL;
ALTER TABLE review_queue ADD COLUMN explanation TEXT;
ALTER TABLE review_queue ADD COLUMN decided_at TEXT;

-- A customer a review decision merged into another. Later runs publish its records to the survivor.
ALTER TABLE customers ADD COLUMN merged_into_customer_id INTEGER REFERENCES customers (id);

-- Values as they were: role 'merged' is the merged record's own normalized fields and phones
-- ("e164 US kind US original", joined by RS); role 'survivor' is the survivor's row before its
-- first (still active) merge.
CREATE TABLE IF NOT EXISTS merge_snapshots (
    id                   INTEGER PRIMARY KEY,
    customer_id          INTEGER NOT NULL REFERENCES customers (id),
    role                 TEXT NOT NULL CHECK (role IN ('survivor', 'merged')),
    merge_id             INTEGER REFERENCES merges (id),
    name                 TEXT,
    name_original        TEXT,
    surname              TEXT,
    given_name           TEXT,
    form_of_address      TEXT,
    gender               TEXT,
    birthday             TEXT,
    birthday_calendar    TEXT NOT NULL DEFAULT 'gregorian',
    birthday_leap_month  INTEGER NOT NULL DEFAULT 0,
    member_level         TEXT,
    member_level_derived INTEGER NOT NULL DEFAULT 0,
    join_date            TEXT,
    home_store_id        INTEGER REFERENCES stores (id),
    phones               TEXT NOT NULL DEFAULT '',
    -- The record's own card without a number in its home store (NULL: none): the balance it had
    -- before records sharing that card were merged.
    card_balance_fen     INTEGER,
    source_id            TEXT NOT NULL,
    source_file          TEXT NOT NULL,
    record_key           TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'undone')),
    run_id               TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS merge_snapshots_survivor ON merge_snapshots (customer_id)
    WHERE role = 'survivor' AND status = 'active';
CREATE UNIQUE INDEX IF NOT EXISTS merge_snapshots_by_merge ON merge_snapshots (merge_id) WHERE merge_id IS NOT NULL;

-- Child rows a review decision moved from the merged customer to the survivor.
CREATE TABLE IF NOT EXISTS merge_moved_rows (
    merge_id   INTEGER NOT NULL REFERENCES merges (id),
    table_name TEXT NOT NULL CHECK (table_name IN ('customer_phones', 'notes', 'customer_tags', 'member_cards')),
    row_id     INTEGER NOT NULL,
    PRIMARY KEY (merge_id, table_name, row_id)
);

-- Pairs a person kept apart (review decision 'separate', or an unmerge). The record named here
-- stands as customer_id in later runs: it is never merged or queued with the other again.
CREATE TABLE IF NOT EXISTS identity_separations (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers (id),
    other_customer_id INTEGER NOT NULL REFERENCES customers (id),
    source_id         TEXT NOT NULL,
    source_file       TEXT NOT NULL,
    record_key        TEXT NOT NULL,
    reason            TEXT NOT NULL CHECK (reason IN ('review', 'unmerge')),
    decided_at        TEXT NOT NULL,
    UNIQUE (customer_id, other_customer_id)
);
CREATE INDEX IF NOT EXISTS customers_merged_into ON customers (merged_into_customer_id)
    WHERE merged_into_customer_id IS NOT NULL;
