-- 0013: score what was really predicted: conditional predictions, numeric forecasts scored by their
-- error, hindsight kept apart, and the source of each probability (stated, implied by hedge words, or none).
--
-- predictions.condition_json   how the condition is checked (kind, metric, comparator, threshold, low, high, unit,
--                              horizon, resolveBy); NULL for an event condition or none. predictions.condition stays
--                              the condition in words: a prediction with one is conditional.
-- resolutions.target           'claim' (as before) or 'condition': CONDITION YES|NO|<value> answers whether the
--                              condition held. Each target folds on its own (the latest OVERRIDE, else the first).
-- prediction_outcomes.value    the observed value of the claim's verdict in force (VALUE), kept for its error.
-- prediction_outcomes.condition_*  the condition's verdict in force ('yes'/'no') and its value.
--
-- score_sums is rebuilt with four more key columns and three more sums (docs/scoring.md):
--   state       + 'annulled': the condition did not hold (Metaculus' rule: excluded from every score, listed)
--   source      scored rows: 'stated', 'hedge' (implied by estimative words) or 'none'
--   numeric     scored rows: 1 for threshold and range predictions (scored by their error)
--   hindsight   scored rows: 1 when the horizon ended before publication (excluded unless asked for)
--   ape         scored numeric rows with a value: |percentage error| in tenths of a point, capped at 10^6 %;
--               -1 when there is none. A median needs the distribution, and this keeps it in a few rows.
--   n_high, n_low, sum_pe   forecasts above / below the observed value, and the sum of signed percentage errors.
-- The error of a numeric forecast is the distance from the observed value x to the set the forecast named
-- (a point, [low, high], or the half-line of a threshold): e = clamp(x, lo, hi) - x, 0 when it hit, > 0 when the
-- forecast was too high; pe = 100 e / |x| (undefined when x = 0). C# computes the same (NumericError), in the
-- same order of operations, so the two agree to the bit; ScoreSumsMigrationTests check it on random data.
ALTER TABLE predictions ADD COLUMN condition_json TEXT NULL;

ALTER TABLE resolutions ADD COLUMN target TEXT NOT NULL DEFAULT 'claim' CHECK (target IN ('claim', 'condition'));

ALTER TABLE prediction_outcomes ADD COLUMN value REAL NULL;

ALTER TABLE prediction_outcomes ADD COLUMN condition_resolution_id INTEGER NULL REFERENCES resolutions(id);

ALTER TABLE prediction_outcomes ADD COLUMN condition_verdict TEXT NULL CHECK (condition_verdict IN ('yes', 'no'));

ALTER TABLE prediction_outcomes ADD COLUMN condition_value REAL NULL;

UPDATE prediction_outcomes SET value = (SELECT r.value FROM resolutions r WHERE r.id = prediction_outcomes.resolution_id)
WHERE resolution_id IS NOT NULL;

DROP TRIGGER resolutions_fold_outcome;
DROP TRIGGER score_changes_by_prediction;
DROP TRIGGER score_changes_by_article;
DROP TRIGGER predictions_sums_insert;
DROP TRIGGER predictions_sums_before_update;
DROP TRIGGER predictions_sums_after_update;
DROP TRIGGER predictions_sums_delete;
DROP TRIGGER articles_sums_before_update;
DROP TRIGGER articles_sums_after_update;
DROP VIEW score_contributions;
DROP VIEW score_facts;
DROP INDEX ix_score_sums_empty;
DROP TABLE score_sums;

CREATE TABLE score_sums (
    dimension       TEXT NOT NULL CHECK (dimension IN ('all', 'outlet', 'author', 'tag', 'hedge', 'horizon')),
    key             TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('scored', 'void', 'open', 'annulled')),
    probability     REAL NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('stated', 'hedge', 'none')),
    numeric         INTEGER NOT NULL,
    hindsight       INTEGER NOT NULL,
    due             TEXT NOT NULL,
    ape             REAL NOT NULL,
    n               INTEGER NOT NULL,
    sum_outcome     REAL NOT NULL,
    sum_outcome_sq  REAL NOT NULL,
    n_delay         INTEGER NOT NULL,
    sum_delay       INTEGER NOT NULL,
    n_high          INTEGER NOT NULL,
    n_low           INTEGER NOT NULL,
    sum_pe          REAL NOT NULL,
    PRIMARY KEY (dimension, key, state, probability, source, numeric, hindsight, due, ape)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_score_sums_empty ON score_sums (n) WHERE n = 0;

-- 0008's facts plus the new keys. The error columns are computed from the claim's value in force.
CREATE VIEW score_facts AS
SELECT f.prediction_id, f.article_id, f.state, f.probability, f.source, f.numeric, f.hindsight, f.due,
       CASE WHEN f.state = 'scored' THEN f.outcome ELSE 0.0 END AS outcome,
       f.outlet, f.hedge, f.authors_json, f.tags_json,
       CASE WHEN f.state = 'scored' AND f.due_valid AND f.resolved_at IS NOT NULL
            THEN CAST(julianday(date(f.resolved_at / 1000.0, 'unixepoch')) - julianday(f.effective_due) AS INTEGER) END AS delay,
       CASE WHEN NOT f.due_valid THEN ''
            WHEN f.made_on IS NULL THEN '?'
            ELSE CAST(CAST(julianday(f.effective_due) - julianday(f.made_on) AS INTEGER) AS TEXT) END AS horizon,
       f.err,
       CASE WHEN f.err IS NOT NULL AND f.value <> 0 THEN max(min(100.0 * f.err / abs(f.value), 1000000.0), -1000000.0) END AS pe
FROM (
    SELECT g.*,
           CASE WHEN g.numeric = 1 AND g.value IS NOT NULL AND g.bounded
                THEN (CASE WHEN g.lo IS NOT NULL AND g.value < g.lo THEN g.lo
                           WHEN g.hi IS NOT NULL AND g.value > g.hi THEN g.hi
                           ELSE g.value END) - g.value END AS err
    FROM (
        SELECT p.id AS prediction_id,
               p.article_id AS article_id,
               CASE WHEN o.verdict = 'void' THEN 'void'
                    WHEN p.condition IS NOT NULL AND o.condition_verdict = 'no' THEN 'annulled'
                    WHEN o.verdict IS NULL THEN 'open'
                    ELSE 'scored' END AS state,
               CASE WHEN o.verdict IN ('yes', 'no', 'partial') AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS 'no')
                    THEN COALESCE(p.probability, -1.0) ELSE -1.0 END AS probability,
               CASE WHEN o.verdict IN ('yes', 'no', 'partial') AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS 'no')
                         AND p.probability IS NOT NULL
                    THEN CASE p.probability_source WHEN 'stated' THEN 'stated' ELSE 'hedge' END ELSE 'none' END AS source,
               CASE WHEN o.verdict IN ('yes', 'no', 'partial') AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS 'no')
                         AND p.kind IN ('threshold', 'range') THEN 1 ELSE 0 END AS numeric,
               CASE WHEN o.verdict IN ('yes', 'no', 'partial') AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS 'no')
                         AND p.ends_before_publication <> 0 THEN 1 ELSE 0 END AS hindsight,
               CASE WHEN o.verdict IS NULL AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS 'no')
                    THEN COALESCE(o.extend_to, p.resolve_by, '') ELSE '' END AS due,
               o.outcome AS outcome,
               o.value AS value,
               CASE p.kind WHEN 'range' THEN p.low
                           WHEN 'threshold' THEN CASE WHEN p.comparator IN ('>', '>=', '=') THEN p.threshold END END AS lo,
               CASE p.kind WHEN 'range' THEN p.high
                           WHEN 'threshold' THEN CASE WHEN p.comparator IN ('<', '<=', '=') THEN p.threshold END END AS hi,
               CASE p.kind WHEN 'range' THEN p.low IS NOT NULL AND p.high IS NOT NULL
                           WHEN 'threshold' THEN p.threshold IS NOT NULL AND p.comparator IS NOT NULL ELSE 0 END AS bounded,
               o.resolved_at AS resolved_at,
               COALESCE(o.extend_to, p.resolve_by) AS effective_due,
               COALESCE(COALESCE(o.extend_to, p.resolve_by) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                        AND COALESCE(o.extend_to, p.resolve_by) >= '0001'
                        AND date(COALESCE(o.extend_to, p.resolve_by)) IS COALESCE(o.extend_to, p.resolve_by), 0) AS due_valid,
               CASE
                   WHEN a.pub GLOB '[0-9][0-9][0-9][0-9]' AND a.pub <> '0000' THEN a.pub || '-01-01'
                   WHEN a.pub GLOB '[0-9][0-9][0-9][0-9]-[Qq][1-4]' AND substr(a.pub, 1, 4) <> '0000'
                       THEN substr(a.pub, 1, 4) || CASE substr(a.pub, 7, 1)
                           WHEN '1' THEN '-01-01' WHEN '2' THEN '-04-01' WHEN '3' THEN '-07-01' ELSE '-10-01' END
                   WHEN a.pub GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]' AND a.pub >= '0001' AND date(a.pub || '-01') IS a.pub || '-01'
                       THEN a.pub || '-01'
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
        JOIN (SELECT x.id, x.outlet, x.authors_json, trim(x.published, w.chars) AS pub FROM articles x, score_whitespace w) a
            ON a.id = p.article_id
        LEFT JOIN prediction_outcomes o ON o.prediction_id = p.id
        JOIN score_whitespace w
        WHERE p.status = 'accepted' AND trim(p.id, w.chars) <> ''
    ) g
) f;

CREATE VIEW score_contributions AS
SELECT f.prediction_id, f.article_id, k.value ->> 0 AS dimension, k.value ->> 1 AS key,
       f.state, f.probability, f.source, f.numeric, f.hindsight, f.due,
       CASE WHEN f.pe IS NOT NULL THEN CAST(abs(f.pe) * 10 + 0.5 AS INTEGER) / 10.0 ELSE -1.0 END AS ape,
       f.outcome, f.delay, f.err, f.pe
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

INSERT INTO score_sums (dimension, key, state, probability, source, numeric, hindsight, due, ape,
                        n, sum_outcome, sum_outcome_sq, n_delay, sum_delay, n_high, n_low, sum_pe)
SELECT dimension, key, state, probability, source, numeric, hindsight, due, ape,
       count(*), total(outcome), total(outcome * outcome), count(delay), COALESCE(sum(delay), 0),
       count(CASE WHEN err > 0 THEN 1 END), count(CASE WHEN err < 0 THEN 1 END), total(pe)
FROM score_contributions
GROUP BY dimension, key, state, probability, source, numeric, hindsight, due, ape;

CREATE TRIGGER score_changes_by_prediction INSTEAD OF INSERT ON score_changes WHEN NEW.prediction_id IS NOT NULL
BEGIN
    INSERT INTO score_sums (dimension, key, state, probability, source, numeric, hindsight, due, ape,
                            n, sum_outcome, sum_outcome_sq, n_delay, sum_delay, n_high, n_low, sum_pe)
    SELECT dimension, key, state, probability, source, numeric, hindsight, due, ape,
           NEW.sign, NEW.sign * outcome, NEW.sign * (outcome * outcome),
           NEW.sign * (delay IS NOT NULL), NEW.sign * COALESCE(delay, 0),
           NEW.sign * COALESCE(err > 0, 0), NEW.sign * COALESCE(err < 0, 0), NEW.sign * COALESCE(pe, 0.0)
    FROM score_contributions WHERE prediction_id = NEW.prediction_id
    ON CONFLICT (dimension, key, state, probability, source, numeric, hindsight, due, ape) DO UPDATE SET
        n = n + excluded.n, sum_outcome = sum_outcome + excluded.sum_outcome, sum_outcome_sq = sum_outcome_sq + excluded.sum_outcome_sq,
        n_delay = n_delay + excluded.n_delay, sum_delay = sum_delay + excluded.sum_delay,
        n_high = n_high + excluded.n_high, n_low = n_low + excluded.n_low, sum_pe = sum_pe + excluded.sum_pe;
    DELETE FROM score_sums WHERE n = 0;
END;

CREATE TRIGGER score_changes_by_article INSTEAD OF INSERT ON score_changes WHEN NEW.article_id IS NOT NULL
BEGIN
    INSERT INTO score_changes (sign, prediction_id) SELECT NEW.sign, id FROM predictions WHERE article_id = NEW.article_id;
END;

CREATE TRIGGER predictions_sums_insert AFTER INSERT ON predictions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (1, NEW.id);
END;

CREATE TRIGGER predictions_sums_before_update BEFORE UPDATE OF id, article_id, status, probability, probability_source, hedge,
    tags_json, resolve_by, kind, comparator, threshold, low, high, ends_before_publication, condition ON predictions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (-1, OLD.id);
END;

CREATE TRIGGER predictions_sums_after_update AFTER UPDATE OF id, article_id, status, probability, probability_source, hedge,
    tags_json, resolve_by, kind, comparator, threshold, low, high, ends_before_publication, condition ON predictions
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

-- 0008's fold, with each target folded on its own; EXTEND only ever concerns the claim.
CREATE TRIGGER resolutions_fold_outcome AFTER INSERT ON resolutions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (-1, NEW.prediction_id);
    INSERT INTO prediction_outcomes (prediction_id, resolution_id, verdict, fraction, outcome, value, resolved_at, resolved_by,
                                     extend_to, extensions, condition_resolution_id, condition_verdict, condition_value)
    SELECT NEW.prediction_id, f.id, f.verdict, f.fraction,
           CASE f.verdict WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 WHEN 'partial' THEN COALESCE(f.fraction, 0.5) END,
           f.value, f.resolved_at, f.resolved_by,
           (SELECT e.extend_to FROM resolutions e WHERE e.prediction_id = NEW.prediction_id AND e.verdict = 'extend'
            ORDER BY e.id DESC LIMIT 1),
           (SELECT count(*) FROM resolutions e WHERE e.prediction_id = NEW.prediction_id AND e.verdict = 'extend'),
           c.id, CASE WHEN c.verdict IN ('yes', 'no') THEN c.verdict END, c.value
    FROM (SELECT 1) one
    LEFT JOIN resolutions f ON f.id = (
        SELECT max(r.id) FROM resolutions r
        WHERE r.prediction_id = NEW.prediction_id AND r.verdict <> 'extend' AND r.target = 'claim'
          AND (r.supersedes_id IS NOT NULL
               OR r.id = (SELECT min(m.id) FROM resolutions m
                          WHERE m.prediction_id = NEW.prediction_id AND m.verdict <> 'extend' AND m.target = 'claim')))
    LEFT JOIN resolutions c ON c.id = (
        SELECT max(r.id) FROM resolutions r
        WHERE r.prediction_id = NEW.prediction_id AND r.verdict <> 'extend' AND r.target = 'condition'
          AND (r.supersedes_id IS NOT NULL
               OR r.id = (SELECT min(m.id) FROM resolutions m
                          WHERE m.prediction_id = NEW.prediction_id AND m.verdict <> 'extend' AND m.target = 'condition')))
    WHERE true
    ON CONFLICT (prediction_id) DO UPDATE SET
        resolution_id = excluded.resolution_id, verdict = excluded.verdict, fraction = excluded.fraction,
        outcome = excluded.outcome, value = excluded.value, resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by,
        extend_to = excluded.extend_to, extensions = excluded.extensions,
        condition_resolution_id = excluded.condition_resolution_id, condition_verdict = excluded.condition_verdict,
        condition_value = excluded.condition_value;
    INSERT INTO score_changes (sign, prediction_id) VALUES (1, NEW.prediction_id);
END;

-- What a scorecard lists beside its scores, without walking every prediction: conditions that did not hold, and
-- predictions whose horizon ended before they were published.
CREATE INDEX ix_prediction_outcomes_condition_no ON prediction_outcomes (prediction_id) WHERE condition_verdict = 'no';

CREATE INDEX ix_predictions_hindsight ON predictions (id) WHERE ends_before_publication <> 0;
