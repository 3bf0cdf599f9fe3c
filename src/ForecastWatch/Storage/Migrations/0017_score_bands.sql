-- 0017: scorecards at 1M predictions read a few hundred rows again (issue 19, scorecard speed).
-- 1. Horizon keys are the scorecard's buckets, not days. 0008 keyed the horizon dimension by the horizon's length in
--    days, and the scorecard gathered the days into its buckets (HorizonBuckets): 170k rows at 1M predictions. The key
--    is now the bucket's upper bound in days (92, 366, 731, 1827; 1828 for over five years; '' undated, '?' unknown
--    start), which HorizonBuckets.LabelForDays maps to the same label. The bounds are HorizonBuckets' and must change
--    with them (the equivalence tests compare these sums with a scan that uses HorizonBuckets).
-- 2. Error bands: each scored numeric forecast with a percentage error now adds, besides its error row (numeric = 2,
--    its |percentage error| in tenths of a point), a band row (numeric = 3) whose ape is the lower bound of the band
--    holding that error: the error's integer part rounded down to one significant digit (0 for errors under 1 %, then
--    1, 2, ..., 9, 10, 20, ..., 90, 100, 200, ...), at most 64 bands. A median reads the group's band counts, finds
--    the band holding its middle items, and reads only that band's error rows (ScoreStore.AddMedianApesAsync): the
--    median is the same as from every error row (to a tenth of a point), from a few dozen rows instead of hundreds.
-- 3. CONDITION EXTEND: a resolution row with target 'condition' and verdict 'extend' moves the condition's date, never
--    the claim's. The fold keeps the claim's extend_to and extensions from the claim's EXTENDs only (0013 counted every
--    EXTEND), and the condition's latest extension in prediction_outcomes.condition_extend_to.
-- 4. What an open prediction waits on: score_facts' due (the key the overdue counts and the digest's overdue and
--    due-soon lists read) is, for a conditional whose condition nobody has answered, the condition's date (its latest
--    CONDITION EXTEND, else condition_json's resolveBy) when that is a valid date; otherwise the claim's date as before.
--    C# reads the same (ScoredPrediction.DueOn).
ALTER TABLE prediction_outcomes ADD COLUMN condition_extend_to TEXT NULL;

-- No row to backfill: before 0017 neither the reply grammar nor the CLI accepted CONDITION EXTEND.

-- condition_json's resolveBy is now part of a prediction's contribution (the due of an open conditional).
DROP TRIGGER predictions_sums_before_update;

DROP TRIGGER predictions_sums_after_update;

CREATE TRIGGER predictions_sums_before_update BEFORE UPDATE OF id, article_id, status, probability, probability_source, hedge,
    tags_json, resolve_by, kind, comparator, threshold, low, high, ends_before_publication, condition, condition_json ON predictions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (-1, OLD.id);
END;

CREATE TRIGGER predictions_sums_after_update AFTER UPDATE OF id, article_id, status, probability, probability_source, hedge,
    tags_json, resolve_by, kind, comparator, threshold, low, high, ends_before_publication, condition, condition_json ON predictions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (1, NEW.id);
END;

DROP TRIGGER resolutions_fold_outcome;

CREATE TRIGGER resolutions_fold_outcome AFTER INSERT ON resolutions
BEGIN
    INSERT INTO score_changes (sign, prediction_id) VALUES (-1, NEW.prediction_id);
    INSERT INTO prediction_outcomes (prediction_id, resolution_id, verdict, fraction, outcome, value, resolved_at, resolved_by,
                                     extend_to, extensions, condition_resolution_id, condition_verdict, condition_value,
                                     condition_extend_to)
    SELECT NEW.prediction_id, f.id, f.verdict, f.fraction,
           CASE f.verdict WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 WHEN 'partial' THEN COALESCE(f.fraction, 0.5) END,
           f.value, f.resolved_at, f.resolved_by,
           (SELECT e.extend_to FROM resolutions e WHERE e.prediction_id = NEW.prediction_id AND e.verdict = 'extend'
                AND e.target = 'claim' ORDER BY e.id DESC LIMIT 1),
           (SELECT count(*) FROM resolutions e WHERE e.prediction_id = NEW.prediction_id AND e.verdict = 'extend' AND e.target = 'claim'),
           c.id, CASE WHEN c.verdict IN ('yes', 'no') THEN c.verdict END, c.value,
           (SELECT e.extend_to FROM resolutions e WHERE e.prediction_id = NEW.prediction_id AND e.verdict = 'extend'
                AND e.target = 'condition' ORDER BY e.id DESC LIMIT 1)
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
        condition_value = excluded.condition_value, condition_extend_to = excluded.condition_extend_to;
    INSERT INTO score_changes (sign, prediction_id) VALUES (1, NEW.prediction_id);
END;

-- The digest finds open conditionals by their condition's date among these (ScoreStore.Digest).
CREATE INDEX ix_predictions_conditional ON predictions (id) WHERE condition IS NOT NULL;

DROP VIEW score_contributions;

DROP VIEW score_facts;

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
           CASE WHEN g.due_open = 0 THEN ''
                WHEN COALESCE(g.condition_by GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND g.condition_by >= '0001'
                              AND date(g.condition_by) IS g.condition_by, 0) THEN g.condition_by
                ELSE g.claim_due END AS due,
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
               CASE WHEN o.verdict IS NULL AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS 'no') THEN 1 ELSE 0 END AS due_open,
               COALESCE(o.extend_to, p.resolve_by, '') AS claim_due,
               CASE WHEN p.condition IS NOT NULL AND o.condition_verdict IS NULL
                    THEN COALESCE(o.condition_extend_to, CASE WHEN json_valid(p.condition_json) AND json_type(p.condition_json, '$.resolveBy') = 'text'
                                                  THEN json_extract(p.condition_json, '$.resolveBy') END) END AS condition_by,
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
       f.state, f.probability, f.source, f.numeric, f.hindsight, f.due, -1.0 AS ape,
       f.outcome, f.delay, f.err, f.pe
FROM (
    SELECT s.*,
           '[["all",""],' || json_array('outlet', s.outlet) || ',' || json_array('hedge', s.hedge) || ','
               || json_array('horizon', CASE WHEN s.horizon IN ('', '?') THEN s.horizon
                                             WHEN CAST(s.horizon AS INTEGER) <= 92 THEN '92'
                                             WHEN CAST(s.horizon AS INTEGER) <= 366 THEN '366'
                                             WHEN CAST(s.horizon AS INTEGER) <= 731 THEN '731'
                                             WHEN CAST(s.horizon AS INTEGER) <= 1827 THEN '1827'
                                             ELSE '1828' END) || ','
               || COALESCE((SELECT group_concat(DISTINCT json_array('author', trim(j.value, w.chars)))
                            FROM json_each(s.authors_json) j, score_whitespace w
                            WHERE j.type = 'text' AND trim(j.value, w.chars) <> ''), '["author",""]') || ','
               || COALESCE((SELECT group_concat(DISTINCT json_array('tag', trim(j.value, w.chars)))
                            FROM json_each(s.tags_json) j, score_whitespace w
                            WHERE j.type = 'text' AND trim(j.value, w.chars) <> ''), '["tag",""]')
               || ']' AS keys
    FROM score_facts s
) f
JOIN json_each(f.keys) k
UNION ALL
SELECT f.prediction_id, f.article_id, k.value ->> 0 AS dimension, k.value ->> 1 AS key,
       'scored' AS state, -1.0 AS probability, 'none' AS source, m.kind AS numeric, f.hindsight, '' AS due,
       CASE WHEN m.kind = 2 THEN f.ape
            WHEN f.ape < 1 THEN 0.0
            ELSE CAST(substr(CAST(CAST(f.ape AS INTEGER) AS TEXT), 1, 1)
                      || substr('0000000000', 1, length(CAST(CAST(f.ape AS INTEGER) AS TEXT)) - 1) AS REAL) END AS ape,
       0.0 AS outcome, NULL AS delay, NULL AS err, NULL AS pe
FROM (
    SELECT s.prediction_id, s.article_id, s.hindsight, CAST(abs(s.pe) * 10 + 0.5 AS INTEGER) / 10.0 AS ape,
           '[["all",""],' || json_array('outlet', s.outlet) || ',' || json_array('hedge', s.hedge) || ','
               || json_array('horizon', CASE WHEN s.horizon IN ('', '?') THEN s.horizon
                                             WHEN CAST(s.horizon AS INTEGER) <= 92 THEN '92'
                                             WHEN CAST(s.horizon AS INTEGER) <= 366 THEN '366'
                                             WHEN CAST(s.horizon AS INTEGER) <= 731 THEN '731'
                                             WHEN CAST(s.horizon AS INTEGER) <= 1827 THEN '1827'
                                             ELSE '1828' END) || ','
               || COALESCE((SELECT group_concat(DISTINCT json_array('author', trim(j.value, w.chars)))
                            FROM json_each(s.authors_json) j, score_whitespace w
                            WHERE j.type = 'text' AND trim(j.value, w.chars) <> ''), '["author",""]') || ','
               || COALESCE((SELECT group_concat(DISTINCT json_array('tag', trim(j.value, w.chars)))
                            FROM json_each(s.tags_json) j, score_whitespace w
                            WHERE j.type = 'text' AND trim(j.value, w.chars) <> ''), '["tag",""]')
               || ']' AS keys
    FROM score_facts s
    WHERE s.state = 'scored' AND s.numeric = 1 AND s.pe IS NOT NULL
) f
JOIN json_each(f.keys) k
JOIN (SELECT 2 AS kind UNION ALL SELECT 3 AS kind) m;

DELETE FROM score_sums;

INSERT INTO score_sums (dimension, key, state, probability, source, numeric, hindsight, due, ape,
                        n, sum_outcome, sum_outcome_sq, n_delay, sum_delay, n_high, n_low, sum_pe)
SELECT dimension, key, state, probability, source, numeric, hindsight, due, ape,
       count(*), total(outcome), total(outcome * outcome), count(delay), COALESCE(sum(delay), 0),
       count(CASE WHEN err > 0 THEN 1 END), count(CASE WHEN err < 0 THEN 1 END), total(pe)
FROM score_contributions
GROUP BY dimension, key, state, probability, source, numeric, hindsight, due, ape;
