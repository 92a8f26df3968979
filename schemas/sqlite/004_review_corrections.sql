-- Suspected keying errors from hand-keyed sources (paper cards typed in by staff). review_queue
-- pairs two customers; these items concern one field of one customer and carry the text as
-- keyed and a proposed correction, which is never applied automatically: the field stays empty
-- (or as keyed, for a birthday without a year) until someone with the paper card decides.
CREATE TABLE IF NOT EXISTS review_corrections (
    id               INTEGER PRIMARY KEY,
    customer_id      INTEGER NOT NULL REFERENCES customers (id),
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
    record_key       TEXT NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open',
    run_id           TEXT NOT NULL,
    UNIQUE (source_id, source_file, record_key, field)
);
CREATE INDEX IF NOT EXISTS review_corrections_by_customer ON review_corrections (customer_id);
