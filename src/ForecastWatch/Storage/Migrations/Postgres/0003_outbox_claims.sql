-- PostgreSQL 0003: several workers deliver from one outbox. A run claims its batch (FOR UPDATE SKIP LOCKED, so two
-- runs never pick the same row) and writes who holds it and until when; the holder renews the lease before each
-- send and releases what it did not finish. A worker that dies keeps its rows only until claimed_until passes, then
-- another takes them. SQLite has one writer and no such columns.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT COLLATE "C" NULL, ADD COLUMN claimed_until BIGINT NULL;

CREATE INDEX ix_outbox_queued ON outbox (next_attempt_at, id) WHERE status = 'queued';
