-- 0006: a queued prompt, reminder or escalation whose prediction was resolved (YES/NO/PARTIAL/VOID) or extended
-- before delivery is withdrawn instead of sent. SQLite cannot alter the CHECK on outbox.status, so a
-- withdrawal is a row here: the outbox row keeps status 'queued', and delivery and listings read it as withdrawn.
CREATE TABLE outbox_withdrawals (
    outbox_id     INTEGER PRIMARY KEY REFERENCES outbox (id),
    reason        TEXT    NOT NULL,
    withdrawn_at  INTEGER NOT NULL
);
