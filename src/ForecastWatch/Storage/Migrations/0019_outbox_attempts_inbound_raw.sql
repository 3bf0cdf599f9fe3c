-- 0019: two things a cluster of workers needs, kept the same on SQLite (PostgreSQL 0009 is the twin).
-- 1. The outbox marks an attempt before the SMTP transaction begins (attempt_started_at, committed before MAIL FROM)
--    and clears it with the attempt's outcome. A row still marked when a delivery run takes it was interrupted
--    between MAIL FROM and the commit of its outcome: the server may have accepted it. It is counted in 'uncertain'
--    and sent again with the same bytes and Message-ID (never lost; a possible duplicate is recorded).
-- 2. Raw inbound mail is stored in the database (inbound_raw, one row per inbound message, written in the same
--    transaction as the inbound row), so every worker can read what any worker received. Files kept in DATA/raw by
--    earlier versions are copied in when first read.
ALTER TABLE outbox ADD COLUMN attempt_started_at INTEGER NULL;
ALTER TABLE outbox ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0;

CREATE TABLE inbound_raw (
    inbound_id  INTEGER PRIMARY KEY REFERENCES inbound_messages (id),
    raw         BLOB    NOT NULL
);
