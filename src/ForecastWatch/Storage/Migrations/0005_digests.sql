-- 0005: one row per digest period. The row is written in the same transaction that enqueues the
-- digest mail in the outbox, and period_key is unique: a period that has a row is never sent again, and a
-- transaction that rolled back (crash, error) leaves no row, so the next run sends it.
-- period_key is the period's scheduled instant in UTC (yyyy-MM-ddTHH:mm:ssZ); instants are unix milliseconds.
CREATE TABLE digests (
    id            INTEGER PRIMARY KEY,
    period_key    TEXT    NOT NULL UNIQUE,
    period_at     INTEGER NOT NULL,
    period_start  INTEGER NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('queued', 'skipped')),
    outbox_id     INTEGER NULL REFERENCES outbox (id),
    created_at    INTEGER NOT NULL
);

CREATE INDEX ix_digests_period_at ON digests (period_at);
