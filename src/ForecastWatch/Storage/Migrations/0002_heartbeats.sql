-- 0002: job heartbeats for `forecastwatch health`. One row per job (its configured name) plus '$worker',
-- written when the worker starts. Instants are INTEGER unix milliseconds (UTC).

CREATE TABLE heartbeats (
    name        TEXT PRIMARY KEY NOT NULL,
    beat_at     INTEGER NOT NULL,
    beat_count  INTEGER NOT NULL DEFAULT 1
) STRICT;
