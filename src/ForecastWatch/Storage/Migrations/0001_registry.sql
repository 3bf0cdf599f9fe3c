-- 0001: the prediction registry. Instants are INTEGER unix milliseconds (UTC); dates are TEXT ISO-8601.
-- Partial dates (publication) are TEXT in the form YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD.

CREATE TABLE articles (
    id              TEXT PRIMARY KEY NOT NULL,
    title           TEXT NOT NULL,
    outlet          TEXT NOT NULL,
    authors_json    TEXT NOT NULL DEFAULT '[]',
    url             TEXT NULL,
    language        TEXT NOT NULL,
    published       TEXT NULL,
    date_note       TEXT NULL,
    notes           TEXT NULL,
    source_file     TEXT NULL,
    boilerplate_json TEXT NOT NULL DEFAULT '[]',
    body            TEXT NOT NULL,
    body_sha256     TEXT NOT NULL,
    imported_at     INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE predictions (
    id                      TEXT PRIMARY KEY NOT NULL,
    article_id              TEXT NOT NULL REFERENCES articles(id),
    claim                   TEXT NOT NULL,
    quote                   TEXT NOT NULL,
    quote_start             INTEGER NOT NULL,
    horizon                 TEXT NULL,
    earliest                TEXT NULL,
    resolve_by              TEXT NULL,
    resolve_by_precision    TEXT NULL,
    resolve_by_override     INTEGER NOT NULL DEFAULT 0,
    undated                 INTEGER NOT NULL DEFAULT 0,
    ends_before_publication INTEGER NOT NULL DEFAULT 0,
    kind                    TEXT NOT NULL CHECK (kind IN ('event', 'threshold', 'range')),
    metric                  TEXT NULL,
    comparator              TEXT NULL CHECK (comparator IN ('>', '>=', '<', '<=', '=')),
    threshold               REAL NULL,
    low                     REAL NULL,
    high                    REAL NULL,
    unit                    TEXT NULL,
    condition               TEXT NULL,
    probability             REAL NULL CHECK (probability BETWEEN 0 AND 1),
    hedge                   TEXT NULL,
    probability_source      TEXT NULL CHECK (probability_source IN ('stated', 'hedge')),
    tags_json               TEXT NOT NULL DEFAULT '[]',
    criteria                TEXT NOT NULL DEFAULT '',
    editors_json            TEXT NOT NULL DEFAULT '[]',
    status                  TEXT NOT NULL CHECK (status IN ('accepted', 'proposed', 'rejected')),
    origin                  TEXT NOT NULL CHECK (origin IN ('curated', 'extracted')),
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL
) STRICT;

CREATE INDEX ix_predictions_article ON predictions (article_id);
CREATE INDEX ix_predictions_resolve_by ON predictions (resolve_by);

-- Every create and update of a prediction, with the fields that changed and both versions as JSON.
CREATE TABLE prediction_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    prediction_id   TEXT NOT NULL REFERENCES predictions(id),
    changed_at      INTEGER NOT NULL,
    change          TEXT NOT NULL CHECK (change IN ('created', 'updated')),
    changed_fields  TEXT NOT NULL DEFAULT '[]',
    before_json     TEXT NULL,
    after_json      TEXT NOT NULL
) STRICT;

CREATE INDEX ix_prediction_history_prediction ON prediction_history (prediction_id, id);

-- Append-only: an override is a new row whose supersedes_id names the row it replaces.
CREATE TABLE resolutions (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    prediction_id       TEXT NOT NULL REFERENCES predictions(id),
    verdict             TEXT NOT NULL CHECK (verdict IN ('yes', 'no', 'partial', 'void', 'extend')),
    fraction            REAL NULL CHECK (fraction > 0 AND fraction < 1),
    value               REAL NULL,
    value_unit          TEXT NULL,
    extend_to           TEXT NULL,
    note                TEXT NULL,
    evidence_json       TEXT NOT NULL DEFAULT '[]',
    resolved_by         TEXT NOT NULL,
    resolved_at         INTEGER NOT NULL,
    source              TEXT NOT NULL CHECK (source IN ('cli', 'email')),
    source_message_id   TEXT NULL,
    supersedes_id       INTEGER NULL REFERENCES resolutions(id),
    CHECK ((verdict = 'extend') = (extend_to IS NOT NULL))
) STRICT;

CREATE INDEX ix_resolutions_prediction ON resolutions (prediction_id, id);
CREATE UNIQUE INDEX ux_resolutions_source_message ON resolutions (source, source_message_id) WHERE source_message_id IS NOT NULL;

CREATE TRIGGER resolutions_no_update BEFORE UPDATE ON resolutions
BEGIN
    SELECT RAISE(ABORT, 'resolutions are append-only: add an OVERRIDE instead of updating');
END;

CREATE TRIGGER resolutions_no_delete BEFORE DELETE ON resolutions
BEGIN
    SELECT RAISE(ABORT, 'resolutions are append-only');
END;

CREATE TRIGGER prediction_history_no_update BEFORE UPDATE ON prediction_history
BEGIN
    SELECT RAISE(ABORT, 'prediction history is append-only');
END;

CREATE TRIGGER prediction_history_no_delete BEFORE DELETE ON prediction_history
BEGIN
    SELECT RAISE(ABORT, 'prediction history is append-only');
END;
