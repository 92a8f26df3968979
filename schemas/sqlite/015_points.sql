-- Loyalty points. A till prints the points each line earned (positive) or redeemed (negative);
-- the line keeps them, and a member card's points balance moves through point_movements, keyed
-- like card_movements by (store, receipt, line): importing the same export twice moves nothing,
-- and a corrected re-export moves the balance by exactly the difference.
ALTER TABLE receipt_lines ADD COLUMN points INTEGER;
ALTER TABLE member_cards ADD COLUMN points_balance INTEGER NOT NULL DEFAULT 0;

CREATE TABLE IF NOT EXISTS point_movements (
    store_id    INTEGER NOT NULL REFERENCES stores (id),
    receipt_no  TEXT NOT NULL,
    line_no     INTEGER NOT NULL,
    card_key    TEXT NOT NULL,
    -- Signed: points earned are positive, points redeemed negative.
    points      INTEGER NOT NULL,
    sold_at     TEXT,
    run_id      TEXT NOT NULL,
    PRIMARY KEY (store_id, receipt_no, line_no)
);
CREATE INDEX IF NOT EXISTS point_movements_by_card ON point_movements (store_id, card_key);
