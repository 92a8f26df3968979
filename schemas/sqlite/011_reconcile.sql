-- Dual-run reconciliation (`salon-etl reconcile`): one row per store and business day each time
-- the old system's export is compared with the CRM. The cutover rule ("N clean days in a row, at
-- most K open exceptions") is evaluated over the latest row of each day.
CREATE TABLE IF NOT EXISTS reconcile_runs (
    id           INTEGER PRIMARY KEY,
    reconciled_at TEXT NOT NULL,
    pipeline     TEXT NOT NULL,
    store_code   TEXT NOT NULL,
    day          TEXT NOT NULL,
    old_receipts INTEGER NOT NULL,
    old_sum_fen  INTEGER NOT NULL,
    new_receipts INTEGER NOT NULL,
    new_sum_fen  INTEGER NOT NULL,
    exceptions   INTEGER NOT NULL,
    clean        INTEGER NOT NULL,
    report_path  TEXT
);
CREATE INDEX IF NOT EXISTS reconcile_runs_by_day ON reconcile_runs (pipeline, day, id);
