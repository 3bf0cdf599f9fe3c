-- Twin of SQLite's 0015: "withdrawn" becomes a status of the outbox row instead of a row in outbox_withdrawals.
-- PostgreSQL changes the CHECK constraint in place; no table rebuild.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check
    CHECK (status IN ('queued', 'sent', 'failed', 'bounced', 'withdrawn'));
ALTER TABLE outbox ADD COLUMN withdrawn_at BIGINT NULL;

UPDATE outbox o
SET status = 'withdrawn', last_error = w.reason, withdrawn_at = w.withdrawn_at
FROM outbox_withdrawals w
WHERE w.outbox_id = o.id AND o.status = 'queued';

UPDATE outbox o
SET withdrawn_at = w.withdrawn_at
FROM outbox_withdrawals w
WHERE w.outbox_id = o.id AND o.status <> 'withdrawn';

DROP TABLE outbox_withdrawals;
