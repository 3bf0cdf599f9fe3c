-- 0008: running sums per scorecard group, kept by the database itself (a full scorecard over a million
-- predictions in well under 2 s, in memory that does not grow with the number of predictions).
--
-- Scoring is linear in the outcome once the probability is fixed: for n predictions made at probability p with
-- outcomes o, Brier = n·p² − 2p·Σo + Σo², log score = Σo·ln p′ + (n − Σo)·ln(1 − p′), accuracy credit = Σo when
-- p ≥ 0.5 else n − Σo, and the calibration bucket is p's. So a group needs only (p, n, Σo, Σo²) per distinct
-- probability, and all the scoring arithmetic stays in C# (GroupAccumulator); SQL only counts and adds.
--
-- score_sums holds one row per (dimension, key, state, probability, due):
--   dimension   all (key ''), outlet, author, tag, hedge, horizon
--   key         outlet and hedge: the stored text, as is (C# trims, lower-cases and names the empty ones);
--               author and tag: one row per distinct trimmed name of the list, '' when the list has none;
--               horizon: days from the article's date (first day of a partial date) to the effective
--               resolve-by date, as text; '' when the prediction is undated, '?' when the article date is unknown
--   state       scored (YES/NO/PARTIAL in force), void, open (no verdict yet)
--   probability scored rows: the stated or implied probability, -1 for none (C# applies the configured default);
--               -1 on void and open rows
--   due         open rows: the effective resolve-by text ('' when none), because "overdue" depends on the day the
--               scorecard is asked for; '' on other rows
--   n, sum_outcome, sum_outcome_sq   count and outcome sums (scored rows)
--   n_delay, sum_delay               resolutions with a valid due date: days from due to resolution (scored rows)
--
-- Triggers keep it exact: every write that can change a prediction's contribution subtracts the contribution as it
-- was (the views below read the current rows) and adds it as it is now, through the score_changes view's INSTEAD OF
-- triggers (the one definition of that upsert). Rows whose n drops to 0 are deleted.
-- Names and dates are normalised here exactly as ScoreDimensions/PartialDate do in C#: "whitespace" is
-- char.IsWhiteSpace's set, JSON lists that C# would not read as string arrays count as empty, and dates must be
-- well-formed calendar dates. ScoreSumsMigrationTests check the two against each other on randomised data.
CREATE TABLE score_sums (
    dimension       TEXT NOT NULL CHECK (dimension IN ('all', 'outlet', 'author', 'tag', 'hedge', 'horizon')),
    key             TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('scored', 'void', 'open')),
    probability     REAL NOT NULL,
    due             TEXT NOT NULL,
    n               INTEGER NOT NULL,
    sum_outcome     REAL NOT NULL,
    sum_outcome_sq  REAL NOT NULL,
    n_delay         INTEGER NOT NULL,
    sum_delay       INTEGER NOT NULL,
    PRIMARY KEY (dimension, key, state, probability, due)
) STRICT, WITHOUT ROWID;

-- The characters .NET's char.IsWhiteSpace (and so string.Trim) treats as white space.
CREATE VIEW score_whitespace AS
SELECT char(9, 10, 11, 12, 13, 32, 133, 160, 5760, 8192, 8193, 8194, 8195, 8196,
            8197, 8198, 8199, 8200, 8201, 8202, 8232, 8233, 8239, 8287, 12288) AS chars;

-- One row per accepted prediction: its scoring state and the raw material of its group keys.
CREATE VIEW score_facts AS
SELECT f.prediction_id, f.article_id, f.state, f.probability, f.due, f.outcome, f.outlet, f.hedge,
       f.authors_json, f.tags_json,
       CASE WHEN f.state = 'scored' AND f.due_valid AND f.resolved_at IS NOT NULL
            THEN CAST(julianday(date(f.resolved_at / 1000.0, 'unixepoch')) - julianday(f.effective_due) AS INTEGER) END AS delay,
       CASE WHEN NOT f.due_valid THEN ''
            WHEN f.made_on IS NULL THEN '?'
            ELSE CAST(CAST(julianday(f.effective_due) - julianday(f.made_on) AS INTEGER) AS TEXT) END AS horizon
FROM (
    SELECT p.id AS prediction_id,
           p.article_id AS article_id,
           CASE WHEN o.verdict IS NULL THEN 'open' WHEN o.verdict = 'void' THEN 'void' ELSE 'scored' END AS state,
           CASE WHEN o.verdict IN ('yes', 'no', 'partial') THEN COALESCE(p.probability, -1.0) ELSE -1.0 END AS probability,
           CASE WHEN o.verdict IS NULL THEN COALESCE(o.extend_to, p.resolve_by, '') ELSE '' END AS due,
           CASE WHEN o.verdict IN ('yes', 'no', 'partial') THEN o.outcome ELSE 0.0 END AS outcome,
           o.resolved_at AS resolved_at,
           COALESCE(o.extend_to, p.resolve_by) AS effective_due,
           COALESCE(COALESCE(o.extend_to, p.resolve_by) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                    AND COALESCE(o.extend_to, p.resolve_by) >= '0001'
                    AND date(COALESCE(o.extend_to, p.resolve_by)) IS COALESCE(o.extend_to, p.resolve_by), 0) AS due_valid,
           CASE
               WHEN a.pub GLOB '[0-9][0-9][0-9][0-9]' AND a.pub <> '0000' THEN a.pub || '-01-01'
               WHEN a.pub GLOB '[0-9][0-9][0-9][0-9]-[Qq][1-4]' AND substr(a.pub, 1, 4) <> '0000'
                   THEN substr(a.pub, 1, 4) || CASE substr(a.pub, 7, 1) WHEN '1' THEN '-01-01'
                           WHEN '2' THEN '-04-01' WHEN '3' THEN '-07-01' ELSE '-10-01' END
               WHEN a.pub GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' AND a.pub >= '0001'
                   AND date(a.pub || '-01') IS a.pub || '-01' THEN a.pub || '-01'
               WHEN a.pub GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND a.pub >= '0001' AND date(a.pub) IS a.pub THEN a.pub
           END AS made_on,
           a.outlet AS outlet,
           COALESCE(p.hedge, '') AS hedge,
           CASE WHEN a.authors_json IS NULL OR NOT json_valid(a.authors_json) THEN '[]'
                WHEN json_type(a.authors_json) <> 'array' THEN '[]'
                WHEN EXISTS (SELECT 1 FROM json_each(a.authors_json) e WHERE e.type NOT IN ('text', 'null')) THEN '[]'
                ELSE a.authors_json END AS authors_json,
           CASE WHEN p.tags_json IS NULL OR NOT json_valid(p.tags_json) THEN '[]'
                WHEN json_type(p.tags_json) <> 'array' THEN '[]'
                WHEN EXISTS (SELECT 1 FROM json_each(p.tags_json) e WHERE e.type NOT IN ('text', 'null')) THEN '[]'
                ELSE p.tags_json END AS tags_json
    FROM predictions p
    JOIN (SELECT x.id, x.outlet, x.authors_json, trim(x.published, w.chars) AS pub
              FROM articles x, score_whitespace w) a ON a.id = p.article_id
    LEFT JOIN prediction_outcomes o ON o.prediction_id = p.id
    JOIN score_whitespace w
    WHERE p.status = 'accepted' AND trim(p.id, w.chars) <> ''
) f;

-- Every (dimension, key) a prediction counts in, with its contribution. The fact is read once and fanned out over
-- a JSON array of [dimension, key] pairs (json_each is SQLite's table-valued, lateral join); it costs a third of
-- one UNION ALL arm per dimension, which read the fact eight times. A list's names count once each; a list
-- without names counts under ''.
CREATE VIEW score_contributions AS
SELECT f.prediction_id, f.article_id, k.value ->> 0 AS dimension, k.value ->> 1 AS key,
       f.state, f.probability, f.due, f.outcome, f.delay
FROM (
    SELECT s.*,
           '[["all",""],' || json_array('outlet', s.outlet) || ',' || json_array('hedge', s.hedge) || ','
               || json_array('horizon', s.horizon) || ','
               || COALESCE((SELECT group_concat(DISTINCT json_array('author', trim(j.value, w.chars)))
                            FROM json_each(s.authors_json) j, score_whitespace w
                            WHERE j.type = 'text' AND trim(j.value, w.chars) <> ''), '["author",""]') || ','
               || COALESCE((SELECT group_concat(DISTINCT json_array('tag', trim(j.value, w.chars)))
                            FROM json_each(s.tags_json) j, score_whitespace w
                            WHERE j.type = 'text' AND trim(j.value, w.chars) <> ''), '["tag",""]')
               || ']' AS keys
    FROM score_facts s
) f
JOIN json_each(f.keys) k;

-- Rows that drop to zero are deleted at once (the partial index finds them), so keys that no longer have any
-- prediction (a renamed outlet, a due date whose predictions were all resolved) do not pile up.
CREATE INDEX ix_score_sums_empty ON score_sums (n) WHERE n = 0;

INSERT INTO score_sums (dimension, key, state, probability, due, n, sum_outcome, sum_outcome_sq, n_delay, sum_delay)
SELECT dimension, key, state, probability, due, count(*), total(outcome), total(outcome * outcome), count(delay), COALESCE(sum(delay), 0)
FROM score_contributions
GROUP BY dimension, key, state, probability, due;

-- One place that moves contributions in or out: inserting (sign, prediction_id) into this empty view runs its
-- INSTEAD OF trigger, which adds sign × every contribution of that prediction ((sign, article_id): of each of the
-- article's predictions). The table triggers below only say what changed.
CREATE VIEW score_changes AS SELECT 0 AS sign, NULL AS prediction_id, NULL AS article_id WHERE 0;

CREATE TRIGGER score_changes_by_prediction INSTEAD OF INSERT ON score_changes WHEN NEW.prediction_id IS NOT NULL
BEGIN
    INSERT INTO score_sums (dimension, key, state, probability, due, n, sum_outcome, sum_outcome_sq, n_delay, sum_delay)
    SELECT dimension, key, state, probability, due, NEW.sign, NEW.sign * outcome, NEW.sign * (outcome * outcome),
           NEW.sign * (delay IS NOT NULL), NEW.sign * COALESCE(delay, 0)
    FROM score_contributions WHERE prediction_id = NEW.prediction_id
    ON CONFLICT (dimension, key, state, probability, due) DO UPDATE SET
        n = n + excluded.n, sum_outcome = sum_outcome + excluded.sum_outcome, sum_outcome_sq = sum_outcome_sq + excluded.sum_outcome_sq,
        n_delay = n_delay + excluded.n_delay, sum_delay = sum_delay + excluded.sum_delay;
    DELETE FROM score_sums WHERE n = 0;
END;

-- An article's change moves each of its predictions (through the trigger above).
CREATE TRIGGER score_changes_by_article INSTEAD OF INSERT ON score_changes WHEN NEW.article_id IS NOT NULL
BEGIN
    INSERT INTO score_changes (sign, prediction_id) SELECT NEW.sign, id FROM predictions WHERE article_id = NEW.article_id;
END;

CREATE TRIGGER predictions_sums_insert AFTER INSERT ON predictions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (1, NEW.id);
END;

-- BEFORE reads the row as it was, AFTER as it is; both touch only score_sums, never the row being changed.
CREATE TRIGGER predictions_sums_before_update BEFORE UPDATE OF id, article_id, status, probability,
    hedge, tags_json, resolve_by ON predictions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (-1, OLD.id);
END;

CREATE TRIGGER predictions_sums_after_update AFTER UPDATE OF id, article_id, status, probability,
    hedge, tags_json, resolve_by ON predictions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (1, NEW.id);
END;

CREATE TRIGGER predictions_sums_delete BEFORE DELETE ON predictions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (-1, OLD.id);
END;

CREATE TRIGGER articles_sums_before_update BEFORE UPDATE OF id, outlet, authors_json, published ON articles
BEGIN
    INSERT INTO score_changes (sign, article_id) VALUES (-1, OLD.id);
END;

CREATE TRIGGER articles_sums_after_update AFTER UPDATE OF id, outlet, authors_json, published ON articles
BEGIN
    INSERT INTO score_changes (sign, article_id) VALUES (1, NEW.id);
END;

-- 0007's fold, now between taking the prediction's old contribution out and putting its new one in.
DROP TRIGGER resolutions_fold_outcome;

CREATE TRIGGER resolutions_fold_outcome AFTER INSERT ON resolutions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (-1, NEW.prediction_id);
    INSERT INTO prediction_outcomes (prediction_id, resolution_id, verdict, fraction,
                                     outcome, resolved_at, resolved_by, extend_to, extensions)
    SELECT NEW.prediction_id, f.id, f.verdict, f.fraction,
           CASE f.verdict WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 WHEN 'partial' THEN COALESCE(f.fraction, 0.5) END,
           f.resolved_at, f.resolved_by,
           (SELECT e.extend_to FROM resolutions e WHERE e.prediction_id = NEW.prediction_id
                AND e.verdict = 'extend' ORDER BY e.id DESC LIMIT 1),
           (SELECT count(*) FROM resolutions e WHERE e.prediction_id = NEW.prediction_id AND e.verdict = 'extend')
    FROM (SELECT 1) one
    LEFT JOIN resolutions f ON f.id = (
        SELECT max(r.id) FROM resolutions r
        WHERE r.prediction_id = NEW.prediction_id AND r.verdict <> 'extend'
          AND (r.supersedes_id IS NOT NULL
               OR r.id = (SELECT min(m.id) FROM resolutions m WHERE m.prediction_id = NEW.prediction_id AND m.verdict <> 'extend')))
    WHERE true
    ON CONFLICT (prediction_id) DO UPDATE SET
        resolution_id = excluded.resolution_id, verdict = excluded.verdict, fraction = excluded.fraction,
        outcome = excluded.outcome, resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by,
        extend_to = excluded.extend_to, extensions = excluded.extensions;
    INSERT INTO score_changes (sign, prediction_id) VALUES (1, NEW.prediction_id);
END;

-- The void predictions a scorecard lists, in id order, without walking every outcome.
CREATE INDEX ix_prediction_outcomes_void ON prediction_outcomes (prediction_id) WHERE verdict = 'void';
