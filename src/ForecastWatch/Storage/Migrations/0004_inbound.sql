-- 0004: inbound mail. Every message is recorded with its raw file's SHA-256 and its Message-ID before
-- anything is decided; the decision (status, reason) is written later in the same transaction as its effects
-- (the resolution and the answer in the outbox), so a crash half-way leaves the row 'received' and it is
-- simply decided again.
CREATE TABLE inbound_messages (
    id             INTEGER PRIMARY KEY,
    sha256         TEXT    NOT NULL UNIQUE,
    message_id     TEXT    NULL,
    source         TEXT    NOT NULL,
    source_ref     TEXT    NULL,
    size           INTEGER NOT NULL,
    received_at    INTEGER NOT NULL,
    sender         TEXT    NULL,
    subject        TEXT    NULL,
    status         TEXT    NOT NULL DEFAULT 'received'
                   CHECK (status IN ('received', 'applied', 'rejected', 'ignored', 'held', 'bounce', 'duplicate')),
    reason         TEXT    NULL,
    detail         TEXT    NULL,
    prediction_id  TEXT    NULL,
    resolution_id  INTEGER NULL,
    processed_at   INTEGER NULL
);

CREATE INDEX ix_inbound_message_id ON inbound_messages (message_id);
CREATE INDEX ix_inbound_status ON inbound_messages (status, id);

-- Every answer we decided to send or not to send to a person; the rate limit (one rejection per sender and
-- reason per day) reads it.
CREATE TABLE inbound_answers (
    id                 INTEGER PRIMARY KEY,
    inbound_id         INTEGER NOT NULL REFERENCES inbound_messages (id),
    recipient          TEXT    NOT NULL,
    kind               TEXT    NOT NULL CHECK (kind IN ('confirmation', 'rejection')),
    reason             TEXT    NOT NULL,
    outbox_message_id  TEXT    NULL,
    suppressed         TEXT    NULL,
    created_at         INTEGER NOT NULL
);

CREATE INDEX ix_inbound_answers_rate ON inbound_answers (recipient, reason, created_at);

-- The last UIDVALIDITY seen per IMAP folder (RFC 9051 section 2.3.1.1): when it changes, cached UIDs are void.
CREATE TABLE inbound_imap_state (
    folder        TEXT    PRIMARY KEY,
    uid_validity  INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
