-- fw:foreign-keys-off
-- 0015: "withdrawn" becomes a status of the outbox row. Until now (0006) a withdrawn mail kept status 'queued' and
-- had a row in outbox_withdrawals that every reader had to join. The reason moves to last_error and the time to
-- withdrawn_at; a row that bounced after all (sent before a crash, withdrawn on the retry) keeps 'bounced'.
-- SQLite cannot change a CHECK constraint, so the table is rebuilt (https://sqlite.org/lang_altertable.html,
-- section 7): the runner turns foreign keys off for this script and runs PRAGMA foreign_key_check before commit.
CREATE TABLE outbox_rebuilt (
    id               INTEGER PRIMARY KEY,
    message_id       TEXT    NOT NULL UNIQUE,
    category         TEXT    NOT NULL,
    prediction_id    TEXT    NULL,
    envelope_from    TEXT    NOT NULL,
    recipients       TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    raw              BLOB    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'queued'
                             CHECK (status IN ('queued', 'sent', 'failed', 'bounced', 'withdrawn')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    last_attempt_at  INTEGER NULL,
    sent_at          INTEGER NULL,
    last_error       TEXT    NULL,
    reply_code       INTEGER NULL,
    enhanced_status  TEXT    NULL,
    withdrawn_at     INTEGER NULL
);

INSERT INTO outbox_rebuilt (id, message_id, category, prediction_id, envelope_from, recipients, subject, raw, status,
                            attempts, created_at, next_attempt_at, last_attempt_at, sent_at, last_error, reply_code,
                            enhanced_status, withdrawn_at)
SELECT o.id, o.message_id, o.category, o.prediction_id, o.envelope_from, o.recipients, o.subject, o.raw,
       CASE WHEN o.status = 'queued' AND w.outbox_id IS NOT NULL THEN 'withdrawn' ELSE o.status END,
       o.attempts, o.created_at, o.next_attempt_at, o.last_attempt_at, o.sent_at,
       CASE WHEN o.status = 'queued' AND w.outbox_id IS NOT NULL THEN w.reason ELSE o.last_error END,
       o.reply_code, o.enhanced_status, w.withdrawn_at
FROM outbox o LEFT JOIN outbox_withdrawals w ON w.outbox_id = o.id;

DROP TABLE outbox_withdrawals;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX ix_outbox_pending ON outbox (status, next_attempt_at);
CREATE INDEX ix_outbox_prediction ON outbox (prediction_id);
