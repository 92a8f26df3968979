-- salon-etl CRM schema, SQLite. Applied in order by the loader; each file runs once and is recorded
-- in schema_migrations. Money is integer fen. Dates are ISO text; a birthday without a year is
-- stored as --MM-DD, and lunar birthdays keep their lunar month/day with birthday_calendar='lunar'.
-- Every customer, phone, note and card row carries its provenance (source id, file, record key).

CREATE TABLE IF NOT EXISTS stores (
    id   INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT
);

CREATE TABLE IF NOT EXISTS runs (
    id            TEXT PRIMARY KEY,
    pipeline      TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    status        TEXT NOT NULL,
    records_in    INTEGER NOT NULL DEFAULT 0,
    loaded        INTEGER NOT NULL DEFAULT 0,
    merged        INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0,
    changed_rows  INTEGER NOT NULL DEFAULT 0,
    report_path   TEXT
);

CREATE TABLE IF NOT EXISTS source_files (
    id           INTEGER PRIMARY KEY,
    source_id    TEXT NOT NULL,
    path         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size_bytes   INTEGER NOT NULL,
    encoding     TEXT,
    first_run_id TEXT NOT NULL,
    UNIQUE (source_id, path, sha256)
);

CREATE TABLE IF NOT EXISTS customers (
    id                   INTEGER PRIMARY KEY,
    -- Stable identity across runs: the first E.164 phone (tel:+86…), or the source record for
    -- customers without one. Re-runs upsert on it, so customer ids never change.
    customer_key         TEXT NOT NULL,
    name                 TEXT,
    name_original        TEXT,
    surname              TEXT,
    given_name           TEXT,
    form_of_address      TEXT,
    gender               TEXT CHECK (gender IN ('female', 'male')),
    birthday             TEXT,
    birthday_calendar    TEXT NOT NULL DEFAULT 'gregorian' CHECK (birthday_calendar IN ('gregorian', 'lunar')),
    birthday_leap_month  INTEGER NOT NULL DEFAULT 0,
    member_level         TEXT,
    member_level_derived INTEGER NOT NULL DEFAULT 0,
    join_date            TEXT,
    home_store_id        INTEGER REFERENCES stores (id),
    source_id            TEXT NOT NULL,
    source_file          TEXT NOT NULL,
    record_key           TEXT NOT NULL,
    created_run_id       TEXT NOT NULL,
    updated_run_id       TEXT NOT NULL
);
-- Unique constraints are written as named indexes, so a first load into an empty database can build
-- them once after the bulk insert (one sort) instead of growing them row by row.
CREATE UNIQUE INDEX IF NOT EXISTS customers_by_key ON customers (customer_key);

CREATE TABLE IF NOT EXISTS customer_phones (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    e164        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('mobile', 'landline', 'toll_free')),
    original    TEXT,
    source_id   TEXT NOT NULL,
    source_file TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    run_id      TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS customer_phones_by_customer ON customer_phones (customer_id, e164);
CREATE INDEX IF NOT EXISTS customer_phones_by_e164 ON customer_phones (e164);

-- Notes are kept verbatim, one row per source cell, whatever the tag mapper made of them.
CREATE TABLE IF NOT EXISTS notes (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    text        TEXT NOT NULL,
    column_name TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    source_file TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    run_id      TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS notes_by_source ON notes (customer_id, source_id, source_file, record_key, column_name);

-- Balances belong to cards, one per store, so merging two stores' records never adds balances.
CREATE TABLE IF NOT EXISTS member_cards (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    store_id    INTEGER NOT NULL REFERENCES stores (id),
    card_key    TEXT NOT NULL,
    card_number TEXT,
    balance_fen INTEGER NOT NULL DEFAULT 0,
    source_id   TEXT NOT NULL,
    source_file TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    run_id      TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS member_cards_by_key ON member_cards (store_id, card_key);

-- Every source record that was folded into an existing customer: the lineage of a merge.
CREATE TABLE IF NOT EXISTS merges (
    id                   INTEGER PRIMARY KEY,
    survivor_customer_id INTEGER NOT NULL REFERENCES customers (id),
    source_id            TEXT NOT NULL,
    source_file          TEXT NOT NULL,
    record_key           TEXT NOT NULL,
    reason               TEXT NOT NULL,
    matched_on           TEXT NOT NULL,
    run_id               TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS merges_by_source ON merges (source_id, source_file, record_key);

-- Possible matches a person must decide (same phone, clearly different names).
CREATE TABLE IF NOT EXISTS review_queue (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers (id),
    other_customer_id INTEGER NOT NULL REFERENCES customers (id),
    reason         TEXT NOT NULL,
    detail         TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    run_id         TEXT NOT NULL,
    UNIQUE (customer_id, other_customer_id, reason)
);

CREATE TABLE IF NOT EXISTS rejects (
    id            INTEGER PRIMARY KEY,
    source_id     TEXT NOT NULL,
    source_file   TEXT NOT NULL,
    record_key    TEXT NOT NULL,
    column_name   TEXT NOT NULL DEFAULT '',
    code          TEXT NOT NULL,
    stage         TEXT NOT NULL,
    whole_record  INTEGER NOT NULL,
    message       TEXT NOT NULL,
    original_text TEXT NOT NULL,
    first_run_id  TEXT NOT NULL,
    UNIQUE (source_id, source_file, record_key, column_name, code)
);

-- Standard tags read from notes. Each keeps the note column and the UTF-16 span it was read from;
-- safety tags (allergies) are flagged and never dropped by a merge.
CREATE TABLE IF NOT EXISTS customer_tags (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    code         TEXT NOT NULL,
    value        TEXT NOT NULL DEFAULT '',
    confidence   REAL NOT NULL,
    needs_review INTEGER NOT NULL DEFAULT 0,
    is_safety    INTEGER NOT NULL DEFAULT 0,
    column_name  TEXT NOT NULL,
    span_start   INTEGER NOT NULL,
    span_end     INTEGER NOT NULL,
    matched_text TEXT NOT NULL,
    source_id    TEXT NOT NULL,
    source_file  TEXT NOT NULL,
    record_key   TEXT NOT NULL,
    run_id       TEXT NOT NULL,
    UNIQUE (customer_id, code, value, source_id, source_file, record_key, column_name, span_start)
);
CREATE INDEX IF NOT EXISTS customer_tags_by_code ON customer_tags (code);
