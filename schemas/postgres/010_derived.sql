-- Derived fields: the twin of schemas/sqlite/010_derived.sql (segments as of a date, the next
-- birthday). The PostgreSQL publish does not derive them yet; the tables keep the schemas in step.

CREATE TABLE IF NOT EXISTS customer_segments (
    customer_id BIGINT NOT NULL REFERENCES customers (id),
    code        TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    PRIMARY KEY (customer_id, code)
);
CREATE INDEX IF NOT EXISTS customer_segments_by_code ON customer_segments (code);

ALTER TABLE customers ADD COLUMN IF NOT EXISTS birthday_next TEXT;
CREATE INDEX IF NOT EXISTS customers_by_birthday_next ON customers (birthday_next) WHERE birthday_next IS NOT NULL;
