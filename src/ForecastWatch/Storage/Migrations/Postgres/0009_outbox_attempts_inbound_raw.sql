-- PostgreSQL 0009, the twin of SQLite 0019.
-- 1. The outbox marks an attempt before the SMTP transaction begins (attempt_started_at, committed before MAIL FROM,
--    together with the claim's renewal) and clears it with the attempt's outcome. A row still marked when a run
--    claims it (its lease ran out: the worker died) was interrupted between MAIL FROM and the commit of its outcome:
--    the server may have accepted it. It is counted in 'uncertain' and sent again with the same bytes and Message-ID.
-- 2. Raw inbound mail is stored in the database (inbound_raw, written in the same transaction as the inbound row), so
--    every worker reads what any worker received (inbox release, a message re-read after its node died).
ALTER TABLE outbox ADD COLUMN attempt_started_at BIGINT NULL, ADD COLUMN uncertain BIGINT NOT NULL DEFAULT 0;

CREATE TABLE inbound_raw (
    inbound_id  BIGINT PRIMARY KEY REFERENCES inbound_messages (id),
    raw         BYTEA  NOT NULL
);
