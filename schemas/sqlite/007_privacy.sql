-- Personal data: the audit log, consent flags on customers, and the anonymous aggregate that an
-- erasure leaves behind.

-- Who did what, when: runs, publishes, merges and unmerges, review decisions, key rotations, views
-- of unmasked personal data and erasures. Append-only: the triggers below refuse any change, so an
-- erasure adds a row and never edits an old one. detail never holds personal data (customer ids,
-- counts and masked values only), which is what lets it survive an erasure unchanged.
CREATE TABLE IF NOT EXISTS audit_log (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    os_user TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT '',
    run_id  TEXT
);
CREATE INDEX IF NOT EXISTS audit_log_by_action ON audit_log (action, at);

CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Consent, NULL when no source said. An opt-out from any record wins; profiling consent holds only
-- when some record gave it and none refused it.
ALTER TABLE customers ADD COLUMN marketing_opt_out INTEGER;
ALTER TABLE customers ADD COLUMN profiling_consent INTEGER;

-- Stored-value balances of erased customers' cards, summed per store: the money the salon still
-- owes stays accounted for, with nothing that points at a person.
CREATE TABLE IF NOT EXISTS erased_card_balances (
    store_id    INTEGER PRIMARY KEY REFERENCES stores (id),
    cards       INTEGER NOT NULL,
    balance_fen INTEGER NOT NULL
);
