-- Twin of SQLite's 0017 (which explains it): horizon keys are the scorecard's buckets (upper bound in days), and each
-- error row (numeric = 2) has a band row (numeric = 3: the error's integer part rounded down to one significant digit,
-- 0 under 1 %), from which the scorecard finds the band holding a group's median. fw_score_change reads this view, so
-- the triggers keep every kind of row; the sums are rebuilt from the new view.
-- Also as in 0017: CONDITION EXTEND rows (target 'condition', verdict 'extend') move only the condition's date, kept in
-- prediction_outcomes.condition_extend_to; score_facts' due is an unanswered condition's date when it is a valid date.
ALTER TABLE prediction_outcomes ADD COLUMN condition_extend_to TEXT COLLATE "C" NULL;

-- condition_json's resolveBy is now part of a prediction's contribution (the due of an open conditional).
DROP TRIGGER predictions_sums_before_update ON predictions;
DROP TRIGGER predictions_sums_after_update ON predictions;
CREATE TRIGGER predictions_sums_before_update BEFORE UPDATE OF id, article_id, status, probability, probability_source, hedge,
    tags_json, resolve_by, kind, comparator, threshold, low, high, ends_before_publication, condition, condition_json ON predictions
    FOR EACH ROW EXECUTE FUNCTION fw_predictions_sums();
CREATE TRIGGER predictions_sums_after_update AFTER UPDATE OF id, article_id, status, probability, probability_source, hedge,
    tags_json, resolve_by, kind, comparator, threshold, low, high, ends_before_publication, condition, condition_json ON predictions
    FOR EACH ROW EXECUTE FUNCTION fw_predictions_sums();

CREATE OR REPLACE FUNCTION fw_resolutions_fold_outcome() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM fw_score_change(-1, NEW.prediction_id);
    INSERT INTO prediction_outcomes AS o (prediction_id, resolution_id, verdict, fraction, outcome, value, resolved_at, resolved_by,
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
    ON CONFLICT (prediction_id) DO UPDATE SET
        resolution_id = EXCLUDED.resolution_id, verdict = EXCLUDED.verdict, fraction = EXCLUDED.fraction,
        outcome = EXCLUDED.outcome, value = EXCLUDED.value, resolved_at = EXCLUDED.resolved_at, resolved_by = EXCLUDED.resolved_by,
        extend_to = EXCLUDED.extend_to, extensions = EXCLUDED.extensions,
        condition_resolution_id = EXCLUDED.condition_resolution_id, condition_verdict = EXCLUDED.condition_verdict,
        condition_value = EXCLUDED.condition_value, condition_extend_to = EXCLUDED.condition_extend_to;
    PERFORM fw_score_change(1, NEW.prediction_id);
    RETURN NULL;
END $$;

-- condition_json's resolveBy when condition_json is a JSON object holding it as a string (SQLite's json_valid,
-- json_type and json_extract in 0017); NULL otherwise.
CREATE FUNCTION fw_condition_by(condition_json text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    j jsonb;
BEGIN
    IF condition_json IS NULL THEN
        RETURN NULL;
    END IF;
    j := condition_json::jsonb;
    IF jsonb_typeof(j) = 'object' AND jsonb_typeof(j -> 'resolveBy') = 'string' THEN
        RETURN j ->> 'resolveBy';
    END IF;
    RETURN NULL;
EXCEPTION WHEN others THEN
    RETURN NULL;
END $$;

-- The digest finds open conditionals by their condition's date among these (ScoreStore.Digest).
CREATE INDEX ix_predictions_conditional ON predictions (id) WHERE condition IS NOT NULL;

DROP VIEW score_contributions;

DROP VIEW score_facts;

CREATE VIEW score_facts AS
SELECT f.prediction_id, f.article_id, f.state, f.probability, f.source, f.numeric, f.hindsight, f.due,
       CASE WHEN f.state = 'scored' THEN f.outcome ELSE 0.0 END AS outcome,
       f.outlet, f.hedge, f.authors_json, f.tags_json,
       CASE WHEN f.state = 'scored' AND f.due_valid AND f.resolved_at IS NOT NULL
            THEN (to_timestamp(f.resolved_at / 1000.0) AT TIME ZONE 'UTC')::date - f.effective_due::date END AS delay,
       CASE WHEN NOT f.due_valid THEN ''
            WHEN f.made_on IS NULL THEN '?'
            ELSE (f.effective_due::date - f.made_on::date)::text END AS horizon,
       f.err,
       CASE WHEN f.err IS NOT NULL AND f.value <> 0
            THEN greatest(least(100.0 * f.err / abs(f.value), 1000000.0), -1000000.0) END AS pe
FROM (
    SELECT g.*,
           CASE WHEN g.due_open = 0 THEN ''
                WHEN fw_valid_date(g.condition_by) THEN g.condition_by
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
               CASE WHEN o.verdict IN ('yes', 'no', 'partial') AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS NOT DISTINCT FROM 'no')
                    THEN COALESCE(p.probability, -1.0) ELSE -1.0 END AS probability,
               CASE WHEN o.verdict IN ('yes', 'no', 'partial') AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS NOT DISTINCT FROM 'no')
                         AND p.probability IS NOT NULL
                    THEN CASE p.probability_source WHEN 'stated' THEN 'stated' ELSE 'hedge' END ELSE 'none' END AS source,
               CASE WHEN o.verdict IN ('yes', 'no', 'partial') AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS NOT DISTINCT FROM 'no')
                         AND p.kind IN ('threshold', 'range') THEN 1 ELSE 0 END AS numeric,
               CASE WHEN o.verdict IN ('yes', 'no', 'partial') AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS NOT DISTINCT FROM 'no')
                         AND p.ends_before_publication <> 0 THEN 1 ELSE 0 END AS hindsight,
               CASE WHEN o.verdict IS NULL AND NOT (p.condition IS NOT NULL AND o.condition_verdict IS NOT DISTINCT FROM 'no')
                    THEN 1 ELSE 0 END AS due_open,
               COALESCE(o.extend_to, p.resolve_by, '') AS claim_due,
               CASE WHEN p.condition IS NOT NULL AND o.condition_verdict IS NULL
                    THEN COALESCE(o.condition_extend_to, fw_condition_by(p.condition_json)) END AS condition_by,
               o.outcome AS outcome,
               o.value AS value,
               CASE p.kind WHEN 'range' THEN p.low
                           WHEN 'threshold' THEN CASE WHEN p.comparator IN ('>', '>=', '=') THEN p.threshold END END AS lo,
               CASE p.kind WHEN 'range' THEN p.high
                           WHEN 'threshold' THEN CASE WHEN p.comparator IN ('<', '<=', '=') THEN p.threshold END END AS hi,
               CASE p.kind WHEN 'range' THEN p.low IS NOT NULL AND p.high IS NOT NULL
                           WHEN 'threshold' THEN p.threshold IS NOT NULL AND p.comparator IS NOT NULL ELSE false END AS bounded,
               o.resolved_at AS resolved_at,
               COALESCE(o.extend_to, p.resolve_by) AS effective_due,
               fw_valid_date(COALESCE(o.extend_to, p.resolve_by)) AS due_valid,
               CASE
                   WHEN a.pub ~ '^[0-9]{4}$' AND a.pub <> '0000' THEN a.pub || '-01-01'
                   WHEN a.pub ~ '^[0-9]{4}-[Qq][1-4]$' AND substr(a.pub, 1, 4) <> '0000'
                       THEN substr(a.pub, 1, 4) || CASE substr(a.pub, 7, 1)
                           WHEN '1' THEN '-01-01' WHEN '2' THEN '-04-01' WHEN '3' THEN '-07-01' ELSE '-10-01' END
                   WHEN a.pub ~ '^[0-9]{4}-[0-9]{2}$' AND fw_valid_date(a.pub || '-01') THEN a.pub || '-01'
                   WHEN fw_valid_date(a.pub) THEN a.pub
               END AS made_on,
               a.outlet AS outlet,
               COALESCE(p.hedge, '') AS hedge,
               a.authors_json AS authors_json,
               p.tags_json AS tags_json
        FROM predictions p
        JOIN (SELECT x.id, x.outlet, x.authors_json, btrim(x.published, fw_whitespace()) AS pub FROM articles x) a
            ON a.id = p.article_id
        LEFT JOIN prediction_outcomes o ON o.prediction_id = p.id
        WHERE p.status = 'accepted' AND btrim(p.id, fw_whitespace()) <> ''
    ) g
) f;

CREATE FUNCTION fw_horizon_bucket(horizon text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN horizon IN ('', '?') THEN horizon
                WHEN horizon::bigint <= 92 THEN '92'
                WHEN horizon::bigint <= 366 THEN '366'
                WHEN horizon::bigint <= 731 THEN '731'
                WHEN horizon::bigint <= 1827 THEN '1827'
                ELSE '1828' END
$$;

CREATE FUNCTION fw_ape_band(ape double precision) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN ape < 1 THEN 0.0
                ELSE (left(floor(ape)::bigint::text, 1) || repeat('0', length(floor(ape)::bigint::text) - 1))::double precision END
$$;

CREATE VIEW score_contributions AS
SELECT f.prediction_id, f.article_id, k.dimension, k.key,
       f.state, f.probability, f.source, f.numeric, f.hindsight, f.due, -1.0 AS ape,
       f.outcome, f.delay, f.err, f.pe
FROM score_facts f
CROSS JOIN LATERAL (
    SELECT 'all' AS dimension, '' AS key
    UNION ALL SELECT 'outlet', f.outlet
    UNION ALL SELECT 'hedge', f.hedge
    UNION ALL SELECT 'horizon', fw_horizon_bucket(f.horizon)
    UNION ALL SELECT 'author', n FROM fw_names(f.authors_json) n
    UNION ALL SELECT 'tag', n FROM fw_names(f.tags_json) n
) k
UNION ALL
SELECT f.prediction_id, f.article_id, k.dimension, k.key,
       'scored', -1.0, 'none', m.kind, f.hindsight, '', CASE WHEN m.kind = 2 THEN f.ape ELSE fw_ape_band(f.ape) END,
       0.0, NULL, NULL, NULL
FROM (SELECT s.*, floor(abs(s.pe) * 10 + 0.5) / 10.0 AS ape FROM score_facts s
      WHERE s.state = 'scored' AND s.numeric = 1 AND s.pe IS NOT NULL) f
CROSS JOIN LATERAL (
    SELECT 'all' AS dimension, '' AS key
    UNION ALL SELECT 'outlet', f.outlet
    UNION ALL SELECT 'hedge', f.hedge
    UNION ALL SELECT 'horizon', fw_horizon_bucket(f.horizon)
    UNION ALL SELECT 'author', n FROM fw_names(f.authors_json) n
    UNION ALL SELECT 'tag', n FROM fw_names(f.tags_json) n
) k
CROSS JOIN (VALUES (2), (3)) AS m (kind);

DELETE FROM score_sums;

INSERT INTO score_sums (dimension, key, state, probability, source, numeric, hindsight, due, ape,
                        n, sum_outcome, sum_outcome_sq, n_delay, sum_delay, n_high, n_low, sum_pe)
SELECT dimension, key, state, probability, source, numeric, hindsight, due, ape,
       count(*), COALESCE(sum(outcome), 0), COALESCE(sum(outcome * outcome), 0), count(delay), COALESCE(sum(delay), 0),
       count(CASE WHEN err > 0 THEN 1 END), count(CASE WHEN err < 0 THEN 1 END), COALESCE(sum(pe), 0)
FROM score_contributions
GROUP BY dimension, key, state, probability, source, numeric, hindsight, due, ape;
