-- Chat exports (entity: chat). Every message is kept verbatim with its provenance, so each fact
-- read from it (a phone, a booking, a note) can point at the message it came from.

-- One row per message. A message is identified by what it is, not by the file it came in
-- (source, sender, sent time, SHA-256 of the text, and its place among identical messages of the
-- same sender in the same second), so an overlapping or renamed export never loads it twice.
CREATE TABLE IF NOT EXISTS chat_messages (
    id            INTEGER PRIMARY KEY,
    source_id     TEXT NOT NULL,
    message_key   TEXT NOT NULL,
    store_id      INTEGER REFERENCES stores (id),
    sender        TEXT NOT NULL,
    sent_at       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    text          TEXT NOT NULL,
    original_text TEXT NOT NULL,
    source_file   TEXT NOT NULL,
    record_key    TEXT NOT NULL,
    message_index INTEGER NOT NULL,
    run_id        TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS chat_messages_by_key ON chat_messages (source_id, message_key);

-- Every fact read from a message, with the customer it was attached to (NULL: it stays only on
-- the message, because no phone in the conversation said whom it is about).
CREATE TABLE IF NOT EXISTS chat_facts (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER NOT NULL REFERENCES chat_messages (id),
    ordinal     INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('phone', 'correction', 'booking', 'note')),
    customer_id INTEGER REFERENCES customers (id),
    e164        TEXT,
    name        TEXT,
    text        TEXT,
    service     TEXT,
    stylist     TEXT,
    starts_at   TEXT,
    time_text   TEXT,
    confidence  REAL NOT NULL,
    -- A phone fact a later correction replaced: kept for review, never loaded as a customer phone.
    superseded  INTEGER NOT NULL DEFAULT 0,
    run_id      TEXT NOT NULL,
    UNIQUE (message_id, ordinal)
);

-- Appointments asked for or confirmed in chats. starts_at is local wall-clock time
-- (YYYY-MM-DDTHH:MM:SS, Asia/Shanghai unless the pipeline says otherwise); time_text is the
-- expression as written (周六下午三点), for review.
CREATE TABLE IF NOT EXISTS appointments (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    store_id    INTEGER REFERENCES stores (id),
    service     TEXT,
    stylist     TEXT,
    starts_at   TEXT NOT NULL,
    time_text   TEXT,
    confidence  REAL NOT NULL,
    status      TEXT NOT NULL DEFAULT 'from_chat',
    message_id  INTEGER NOT NULL REFERENCES chat_messages (id),
    source_id   TEXT NOT NULL,
    source_file TEXT NOT NULL,
    record_key  TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    UNIQUE (customer_id, starts_at)
);
