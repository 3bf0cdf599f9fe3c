-- 0014: articles that arrive by themselves (feeds and pages, read by the ingest job). Every revision of a page is its own row in `articles`
-- (id `<base>` for the first, `<base>-r2`... after), so a prediction keeps pointing at the text it was quoted from
-- and its offsets stay verifiable. This table ties revisions to the page's canonical URL.
CREATE TABLE ingested_articles (
    article_id      TEXT PRIMARY KEY NOT NULL REFERENCES articles(id),
    canonical_url   TEXT NOT NULL,
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    body_sha256     TEXT NOT NULL,
    source          TEXT NULL,
    fetched_url     TEXT NOT NULL,
    text_path       TEXT NOT NULL,
    published_at    TEXT NULL,
    paywalled       INTEGER NOT NULL DEFAULT 0,
    fetched_at      INTEGER NOT NULL,
    UNIQUE (canonical_url, revision),
    UNIQUE (canonical_url, body_sha256)
) STRICT;

CREATE INDEX ix_ingested_articles_fetched ON ingested_articles (fetched_at);

-- Feed items seen: a known item is not fetched again unless the feed says it was updated.
CREATE TABLE ingest_items (
    item_url        TEXT PRIMARY KEY NOT NULL,
    source          TEXT NULL,
    canonical_url   TEXT NULL,
    item_updated    TEXT NULL,
    first_seen      INTEGER NOT NULL,
    last_seen       INTEGER NOT NULL
) STRICT;

-- One row per configured source: conditional-GET validators and what `forecastwatch sources` shows.
CREATE TABLE ingest_sources (
    name                 TEXT PRIMARY KEY NOT NULL,
    url                  TEXT NOT NULL,
    etag                 TEXT NULL,
    last_modified        TEXT NULL,
    last_fetch_at        INTEGER NULL,
    last_status          TEXT NULL,
    last_error           TEXT NULL,
    last_success_at      INTEGER NULL,
    errors               INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A proposal email (one per article, or a digest): its numbered items are what ACCEPT 1 3 refers to.
CREATE TABLE proposal_mails (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient       TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    subject         TEXT NOT NULL,
    created_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE proposal_mail_items (
    mail_id         INTEGER NOT NULL REFERENCES proposal_mails(id),
    number          INTEGER NOT NULL CHECK (number >= 1),
    prediction_id   TEXT NOT NULL REFERENCES predictions(id),
    PRIMARY KEY (mail_id, number)
) STRICT;

CREATE INDEX ix_proposal_mail_items_prediction ON proposal_mail_items (prediction_id);
