-- Loyalty points: the twin of schemas/sqlite/015_points.sql.
ALTER TABLE receipt_lines ADD COLUMN IF NOT EXISTS points BIGINT;
ALTER TABLE member_cards ADD COLUMN IF NOT EXISTS points_balance BIGINT NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS point_movements (
    store_id    BIGINT NOT NULL REFERENCES stores (id),
    receipt_no  TEXT NOT NULL,
    line_no     INTEGER NOT NULL,
    card_key    TEXT NOT NULL,
    points      BIGINT NOT NULL,
    sold_at     TEXT,
    run_id      TEXT NOT NULL,
    PRIMARY KEY (store_id, receipt_no, line_no)
);
CREATE INDEX IF NOT EXISTS point_movements_by_card ON point_movements (store_id, card_key);
