-- Encryption at rest (salon-etl keys). Phones are kept as a blind index (bix1:…, HMAC-SHA256 under
-- the index key) where they are compared, and sealed (enc1:…, AES-256-GCM under the data key)
-- where they are read: customers.customer_key (tel:bix1:…), customer_phones.e164 (bix1:…) with
-- e164_sealed beside it, chat_facts likewise, and the free text that can hold a phone or ID number
-- (customer_phones.original, chat message text, chat fact text, reject original text, merge
-- snapshot phones, keyed review values) sealed in place. A database with no crypto_keys row is
-- not encrypted and keeps plain values (the pipeline opted out, or it predates encryption).

-- The keys a database was encrypted with: their fingerprint only, never key material. The row
-- with retired_at NULL is the key in use; `salon-etl keys rotate` retires it and adds the next.
CREATE TABLE IF NOT EXISTS crypto_keys (
    id          INTEGER PRIMARY KEY,
    key_id      TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    retired_at  TEXT,
    -- A known text sealed under the data key: opening it proves the key, not just its fingerprint.
    check_value TEXT NOT NULL
);

-- The phone itself, sealed (plain in a database that is not encrypted): what readers show.
ALTER TABLE customer_phones ADD COLUMN e164_sealed TEXT;
ALTER TABLE chat_facts ADD COLUMN e164_sealed TEXT;
