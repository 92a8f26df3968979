-- Staging tables, in the run workspace (runs/<run-id>/staging.sqlite). The gate reads them; the
-- publish step copies them into the CRM database in one transaction.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
-- Sorts and temporary indexes larger than the cache spill to temporary files rather than to
-- memory: the re-check and validators sort a million staged rows, and memory must stay bounded.
PRAGMA temp_store = FILE;
PRAGMA cache_size = -16384;

-- Provenance is kept once per file (stg_sources) and once per record as a line number; the views
-- below give every staged row its source id, file and record key as the CRM tables store them.
CREATE TABLE stg_sources (
    file_id     INTEGER PRIMARY KEY,
    source_id   TEXT NOT NULL,
    source_file TEXT NOT NULL,
    sheet       TEXT
);

CREATE TABLE stg_customer_rows (
    staging_id          INTEGER PRIMARY KEY,
    customer_key        TEXT NOT NULL,
    name                TEXT,
    name_original       TEXT,
    surname             TEXT,
    given_name          TEXT,
    form_of_address     TEXT,
    gender              TEXT,
    birthday            TEXT,
    birthday_calendar   TEXT NOT NULL DEFAULT 'gregorian',
    birthday_leap_month INTEGER NOT NULL DEFAULT 0,
    member_level        TEXT,
    join_date           TEXT,
    store_code          TEXT NOT NULL,
    file_id             INTEGER NOT NULL,
    line                INTEGER NOT NULL,
    byte_offset         INTEGER,
    -- 0 for a customer split off because it shares a phone with a clearly different person:
    -- publishing must not fold it into that phone's existing customer.
    match_by_phone      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE stg_phone_rows (
    staging_id INTEGER NOT NULL,
    e164       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    original   TEXT,
    file_id    INTEGER NOT NULL,
    line       INTEGER NOT NULL
);

CREATE TABLE stg_note_rows (
    staging_id  INTEGER NOT NULL,
    text        TEXT NOT NULL,
    column_name TEXT NOT NULL,
    file_id     INTEGER NOT NULL,
    line        INTEGER NOT NULL
);

CREATE TABLE stg_card_rows (
    staging_id  INTEGER NOT NULL,
    store_code  TEXT NOT NULL,
    card_number TEXT,
    balance_fen INTEGER NOT NULL,
    file_id     INTEGER NOT NULL,
    line        INTEGER NOT NULL
);

-- A card's earlier records: a later record of the same card took over its balance (the card row
-- keeps the latest). Read only to explain card balance totals that differ from the sources.
CREATE TABLE stg_card_superseded_rows (
    store_code  TEXT NOT NULL,
    balance_fen INTEGER NOT NULL,
    file_id     INTEGER NOT NULL,
    line        INTEGER NOT NULL
);

CREATE TABLE stg_merge_rows (
    survivor_staging_id INTEGER NOT NULL,
    file_id             INTEGER NOT NULL,
    line                INTEGER NOT NULL,
    reason              TEXT NOT NULL,
    matched_on          TEXT NOT NULL
);

CREATE TABLE stg_tag_rows (
    staging_id   INTEGER NOT NULL,
    code         TEXT NOT NULL,
    value        TEXT NOT NULL DEFAULT '',
    confidence   REAL NOT NULL,
    needs_review INTEGER NOT NULL,
    is_safety    INTEGER NOT NULL,
    column_name  TEXT NOT NULL,
    span_start   INTEGER NOT NULL,
    span_end     INTEGER NOT NULL,
    matched_text TEXT NOT NULL,
    file_id      INTEGER NOT NULL,
    line         INTEGER NOT NULL
);

CREATE TABLE stg_review (
    staging_id       INTEGER NOT NULL,
    other_staging_id INTEGER NOT NULL,
    reason           TEXT NOT NULL,
    detail           TEXT NOT NULL
);

CREATE TABLE stg_rejects (
    source_id     TEXT NOT NULL,
    source_file   TEXT NOT NULL,
    record_key    TEXT NOT NULL,
    column_name   TEXT NOT NULL DEFAULT '',
    code          TEXT NOT NULL,
    stage         TEXT NOT NULL,
    whole_record  INTEGER NOT NULL,
    message       TEXT NOT NULL,
    original_text TEXT NOT NULL
);
-- The sample re-check looks up a sampled record's field rejects.
CREATE INDEX stg_rejects_by_record ON stg_rejects (source_file, record_key);

-- Record keys as Provenance.recordKey writes them: "line 12", or "Sheet!12" in workbooks.
CREATE VIEW stg_customers AS
SELECT r.*, f.source_id, f.source_file,
       CASE WHEN f.sheet IS NULL THEN 'line ' || r.line ELSE f.sheet || '!' || r.line END AS record_key
FROM stg_customer_rows r JOIN stg_sources f ON f.file_id = r.file_id;

CREATE VIEW stg_phones AS
SELECT r.rowid AS row_order, r.*, f.source_id, f.source_file,
       CASE WHEN f.sheet IS NULL THEN 'line ' || r.line ELSE f.sheet || '!' || r.line END AS record_key
FROM stg_phone_rows r JOIN stg_sources f ON f.file_id = r.file_id;

CREATE VIEW stg_notes AS
SELECT r.rowid AS row_order, r.*, f.source_id, f.source_file,
       CASE WHEN f.sheet IS NULL THEN 'line ' || r.line ELSE f.sheet || '!' || r.line END AS record_key
FROM stg_note_rows r JOIN stg_sources f ON f.file_id = r.file_id;

CREATE VIEW stg_cards AS
SELECT r.rowid AS row_order, r.*, f.source_id, f.source_file,
       CASE WHEN f.sheet IS NULL THEN 'line ' || r.line ELSE f.sheet || '!' || r.line END AS record_key
FROM stg_card_rows r JOIN stg_sources f ON f.file_id = r.file_id;

CREATE VIEW stg_merges AS
SELECT r.rowid AS row_order, r.*, f.source_id, f.source_file,
       CASE WHEN f.sheet IS NULL THEN 'line ' || r.line ELSE f.sheet || '!' || r.line END AS record_key
FROM stg_merge_rows r JOIN stg_sources f ON f.file_id = r.file_id;

CREATE VIEW stg_tags AS
SELECT r.rowid AS row_order, r.*, f.source_id, f.source_file,
       CASE WHEN f.sheet IS NULL THEN 'line ' || r.line ELSE f.sheet || '!' || r.line END AS record_key
FROM stg_tag_rows r JOIN stg_sources f ON f.file_id = r.file_id;

-- Suspected keying errors in hand-keyed sources (paper cards): the cell as keyed, the proposed
-- correction and why. Nothing is corrected; a person decides. Provenance as text (few rows).
CREATE TABLE stg_review_corrections (
    staging_id       INTEGER NOT NULL,
    field            TEXT NOT NULL,
    column_name      TEXT NOT NULL,
    code             TEXT NOT NULL,
    keyed_text       TEXT NOT NULL,
    proposed         TEXT,
    reason           TEXT NOT NULL,
    field_left_empty INTEGER NOT NULL,
    paper_card       TEXT,
    entered_by       TEXT,
    source_id        TEXT NOT NULL,
    source_file      TEXT NOT NULL,
    record_key       TEXT NOT NULL
);

-- Chat sources: every message, the phone subjects a conversation is about (after corrections),
-- and the facts read from messages with the subject they were attached to (NULL: none).
CREATE TABLE stg_chat_message_rows (
    message_id    INTEGER PRIMARY KEY,
    message_key   TEXT NOT NULL,
    store_code    TEXT,
    sender        TEXT NOT NULL,
    sent_at       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    text          TEXT NOT NULL,
    original_text TEXT NOT NULL,
    file_id       INTEGER NOT NULL,
    line          INTEGER NOT NULL,
    message_index INTEGER NOT NULL
);

CREATE TABLE stg_chat_subjects (
    subject_id      INTEGER PRIMARY KEY,
    message_id      INTEGER NOT NULL,
    e164            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    original        TEXT NOT NULL,
    name            TEXT,
    name_original   TEXT,
    surname         TEXT,
    given_name      TEXT,
    form_of_address TEXT,
    gender          TEXT,
    store_code      TEXT,
    -- 1 when a customer source of this run already holds the phone.
    known_in_run    INTEGER NOT NULL
);

CREATE TABLE stg_chat_facts (
    message_id INTEGER NOT NULL,
    ordinal    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    subject_id INTEGER,
    e164       TEXT,
    name       TEXT,
    text       TEXT,
    service    TEXT,
    stylist    TEXT,
    starts_at  TEXT,
    time_text  TEXT,
    confidence REAL NOT NULL
);

CREATE TABLE stg_chat_tags (
    message_id   INTEGER NOT NULL,
    ordinal      INTEGER NOT NULL,
    code         TEXT NOT NULL,
    value        TEXT NOT NULL DEFAULT '',
    confidence   REAL NOT NULL,
    needs_review INTEGER NOT NULL,
    is_safety    INTEGER NOT NULL,
    span_start   INTEGER NOT NULL,
    span_end     INTEGER NOT NULL,
    matched_text TEXT NOT NULL
);

CREATE VIEW stg_chat_messages AS
SELECT r.*, f.source_id, f.source_file, 'line ' || r.line AS record_key
FROM stg_chat_message_rows r JOIN stg_sources f ON f.file_id = r.file_id;

-- Consent read from the sources (NULL: not said). Survivorship while merging: an opt-out from any
-- record wins, and a refusal of profiling wins over consent.
ALTER TABLE stg_customer_rows ADD COLUMN marketing_opt_out INTEGER;
ALTER TABLE stg_customer_rows ADD COLUMN profiling_consent INTEGER;

-- POS receipt lines (entity: receipts), one row per distinct input line. content_key is a digest
-- of the line's normalized fields (SHA-256, 16 bytes, base64url) plus how many identical lines came
-- before it in the same receipt of the same file: an overlapping export repeats a line with the
-- same key (and is merged), while a receipt that really lists the same item twice keeps both.
CREATE TABLE stg_receipt_line_rows (
    store_code          TEXT NOT NULL,
    receipt_no          TEXT NOT NULL,
    sold_at             TEXT,
    utc_offset          TEXT,
    card_number         TEXT,
    phone_e164          TEXT,
    masked_prefix       TEXT,
    masked_suffix       TEXT,
    item                TEXT,
    technician          TEXT,
    quantity_milli      INTEGER NOT NULL,
    unit_price_fen      INTEGER,
    amount_fen          INTEGER NOT NULL,
    payment             TEXT,
    status              TEXT NOT NULL CHECK (status IN ('normal', 'refund', 'void')),
    original_receipt_no TEXT,
    content_key         TEXT NOT NULL,
    file_id             INTEGER NOT NULL,
    line                INTEGER NOT NULL,
    points              INTEGER
);
CREATE UNIQUE INDEX stg_receipt_lines_by_content ON stg_receipt_line_rows (store_code, receipt_no, content_key);
CREATE INDEX stg_receipt_lines_by_original ON stg_receipt_line_rows (store_code, original_receipt_no)
    WHERE original_receipt_no IS NOT NULL;

-- Input lines that added nothing: 'duplicate_line' (an overlapping export repeated it) or
-- 'other_source' (an earlier source of the pipeline already holds that receipt or refund).
CREATE TABLE stg_receipt_merge_rows (
    store_code TEXT NOT NULL,
    receipt_no TEXT NOT NULL,
    reason     TEXT NOT NULL,
    file_id    INTEGER NOT NULL,
    line       INTEGER NOT NULL
);

CREATE VIEW stg_receipt_lines AS
SELECT r.rowid AS row_order, r.*, f.source_id, f.source_file,
       CASE WHEN f.sheet IS NULL THEN 'line ' || r.line ELSE f.sheet || '!' || r.line END AS record_key
FROM stg_receipt_line_rows r JOIN stg_sources f ON f.file_id = r.file_id;

CREATE VIEW stg_receipt_merges AS
SELECT r.rowid AS row_order, r.*, f.source_id, f.source_file,
       CASE WHEN f.sheet IS NULL THEN 'line ' || r.line ELSE f.sheet || '!' || r.line END AS record_key
FROM stg_receipt_merge_rows r JOIN stg_sources f ON f.file_id = r.file_id;

-- Merge lineage, so a merge can be undone: one row per record involved in a merge. A 'merged' row
-- holds the merged record's own normalized fields and phones (the survivor's row is overwritten by
-- survivorship); a 'survivor' row holds the survivor's fields as they were before its first merge.
-- Phones are "e164 US kind US original" joined by RS (0x1F, 0x1E). Child rows (notes, tags, cards)
-- keep their provenance, which says which record brought them.
CREATE TABLE stg_merge_lineage (
    role                TEXT NOT NULL,
    survivor_staging_id INTEGER NOT NULL,
    name                TEXT,
    name_original       TEXT,
    surname             TEXT,
    given_name          TEXT,
    form_of_address     TEXT,
    gender              TEXT,
    birthday            TEXT,
    birthday_calendar   TEXT NOT NULL DEFAULT 'gregorian',
    birthday_leap_month INTEGER NOT NULL DEFAULT 0,
    member_level        TEXT,
    join_date           TEXT,
    store_code          TEXT NOT NULL,
    phones              TEXT NOT NULL DEFAULT '',
    -- The balance of the record's own card without a number in its store (NULL: none). Records
    -- of one customer in one store share that card, so unmerging must give each its own again.
    card_balance_fen    INTEGER,
    file_id             INTEGER NOT NULL,
    line                INTEGER NOT NULL
);

CREATE VIEW stg_lineage AS
SELECT r.*, f.source_id, f.source_file,
       CASE WHEN f.sheet IS NULL THEN 'line ' || r.line ELSE f.sheet || '!' || r.line END AS record_key
FROM stg_merge_lineage r JOIN stg_sources f ON f.file_id = r.file_id;

-- The match score (0..1) and its one-line explanation, for merges and review items.
ALTER TABLE stg_merge_rows ADD COLUMN score REAL;
ALTER TABLE stg_merge_rows ADD COLUMN explanation TEXT;
ALTER TABLE stg_review ADD COLUMN score REAL;
ALTER TABLE stg_review ADD COLUMN explanation TEXT;
-- Year corrections the pipeline applied (validate.anomalies.year_keyed_wrong.apply: true): one row
-- per corrected receipt line, with the date before and after and the line's provenance.
CREATE TABLE stg_receipt_year_corrections (
    store_code  TEXT NOT NULL,
    receipt_no  TEXT NOT NULL,
    sold_at_before TEXT NOT NULL,
    sold_at_after  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    source_file TEXT NOT NULL,
    record_key  TEXT NOT NULL
);
