-- 0003: the durable outbox and the prompt history.
-- Every outgoing mail is a row here, written in the same transaction as the state change that caused it.
-- Delivery only flips status; a crash between sending and recording leaves the row queued, so the same
-- bytes (same Message-ID) are sent again: at worst a duplicate, never a loss.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    message_id       TEXT    NOT NULL UNIQUE,
    category         TEXT    NOT NULL,
    prediction_id    TEXT    NULL,
    envelope_from    TEXT    NOT NULL,
    recipients       TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    raw              BLOB    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'bounced')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    last_attempt_at  INTEGER NULL,
    sent_at          INTEGER NULL,
    last_error       TEXT    NULL,
    reply_code       INTEGER NULL,
    enhanced_status  TEXT    NULL
);

CREATE INDEX ix_outbox_pending ON outbox (status, next_attempt_at);
CREATE INDEX ix_outbox_prediction ON outbox (prediction_id);

-- One prompt thread: one recipient asked about one prediction for one resolve-by date (an extension starts a
-- new cycle). The id is what the reply token and our Message-IDs encode.
CREATE TABLE prompts (
    id                INTEGER PRIMARY KEY,
    prediction_id     TEXT    NOT NULL,
    cycle_resolve_by  TEXT    NOT NULL,
    recipient         TEXT    NOT NULL,
    role              TEXT    NOT NULL CHECK (role IN ('editor', 'chief')),
    created_at        INTEGER NOT NULL,
    UNIQUE (prediction_id, cycle_resolve_by, recipient, role)
);

CREATE INDEX ix_prompts_prediction ON prompts (prediction_id, cycle_resolve_by);

-- Each mail sent in a thread: step 0 is the first prompt, then the reminders, then the escalation.
CREATE TABLE prompt_steps (
    prompt_id   INTEGER NOT NULL REFERENCES prompts (id),
    step        INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('initial', 'reminder', 'escalation')),
    outbox_id   INTEGER NOT NULL REFERENCES outbox (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (prompt_id, step)
);
