-- Fields derived from the loaded data after each publish: customer segments, member levels where
-- the source gave none (customers.member_level_derived = 1) and the next birthday.

-- Segments as of a date (seg.new, seg.dormant, seg.high_value, seg.potential). A publish replaces
-- the rows of the run's customers; rows that come out the same are left alone (their run_id stays
-- the run that first computed them), so a re-run over the same inputs changes nothing.
CREATE TABLE IF NOT EXISTS customer_segments (
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    code        TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    PRIMARY KEY (customer_id, code)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS customer_segments_by_code ON customer_segments (code);

-- The next Gregorian date of the customer's birthday on or after the run's as-of date (ISO), for
-- lunar birthdays through the Chinese calendar. NULL without a birthday.
ALTER TABLE customers ADD COLUMN birthday_next TEXT;
CREATE INDEX IF NOT EXISTS customers_by_birthday_next ON customers (birthday_next) WHERE birthday_next IS NOT NULL;
