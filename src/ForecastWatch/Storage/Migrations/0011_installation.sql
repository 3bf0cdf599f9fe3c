-- 0011: the installation id. A random id created with the database and kept in it; every Message-ID we
-- write carries it (fw.<kind>.<key>.<installation>@domain), so a database reset or a second instance never writes
-- an id that another database wrote, while a resend of one outbox row still sends its own stored bytes.
-- previous_ids lists the ids this database answered to before (space-separated): `backup` gives its copy a new id
-- and keeps the old one here, so a restored copy never repeats the ids written after the backup was taken, and
-- replies threaded on mail sent before the backup are still recognised.
-- legacy_ids is 1 when the database had sent mail before 0011: such mail has ids without an installation part.
CREATE TABLE installation (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    installation_id  TEXT    NOT NULL CHECK (length(installation_id) BETWEEN 8 AND 32 AND installation_id NOT GLOB '*[^0-9a-z]*'),
    previous_ids     TEXT    NOT NULL DEFAULT '',
    legacy_ids       INTEGER NOT NULL CHECK (legacy_ids IN (0, 1))
) STRICT;

-- 64 random bits as 16 hex digits; 'i' first, so the id is never all digits.
INSERT INTO installation (id, installation_id, legacy_ids)
VALUES (1, 'i' || lower(hex(randomblob(8))), EXISTS (SELECT 1 FROM outbox));

CREATE TRIGGER installation_no_delete BEFORE DELETE ON installation
BEGIN
    SELECT RAISE(ABORT, 'the installation row is kept for the life of the database');
END;
