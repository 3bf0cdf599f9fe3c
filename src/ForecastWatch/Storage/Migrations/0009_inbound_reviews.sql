-- 0009: the standards desk's review of a held reply (inbound status 'held', e.g. dmarc=fail). An operator either
-- releases it (it is then decided as an authorized reply, and the inbound row takes that decision's status) or
-- discards it (the inbound row becomes 'rejected' with reason 'Discarded': SQLite cannot alter the CHECK on
-- inbound_messages.status, and a discarded message, like a rejected one, changed nothing). This table is the audit
-- trail: who, when, why, and the held reason and detail the decision overwrote. One review per message, never
-- changed.
CREATE TABLE inbound_reviews (
    inbound_id    INTEGER PRIMARY KEY REFERENCES inbound_messages (id),
    action        TEXT    NOT NULL CHECK (action IN ('released', 'discarded')),
    reviewer      TEXT    NOT NULL,
    note          TEXT    NULL,
    held_reason   TEXT    NULL,
    held_detail   TEXT    NULL,
    reviewed_at   INTEGER NOT NULL
) STRICT;

CREATE TRIGGER inbound_reviews_no_update BEFORE UPDATE ON inbound_reviews
BEGIN
    SELECT RAISE(ABORT, 'inbound reviews are append-only');
END;

CREATE TRIGGER inbound_reviews_no_delete BEFORE DELETE ON inbound_reviews
BEGIN
    SELECT RAISE(ABORT, 'inbound reviews are append-only');
END;
