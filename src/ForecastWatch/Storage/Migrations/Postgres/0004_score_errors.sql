-- Twin of SQLite's 0016 (which explains it): each scored numeric forecast with a percentage error adds an error row per
-- group (numeric = 2, its ape key, n = 1, other sums 0), and its usual row now has ape = -1. fw_score_change reads
-- this view, so the triggers keep both kinds of row; the sums are rebuilt from the new view.
DROP VIEW score_contributions;

CREATE VIEW score_contributions AS
SELECT f.prediction_id, f.article_id, k.dimension, k.key,
       f.state, f.probability, f.source, f.numeric, f.hindsight, f.due, -1.0 AS ape,
       f.outcome, f.delay, f.err, f.pe
FROM score_facts f
CROSS JOIN LATERAL (
    SELECT 'all' AS dimension, '' AS key
    UNION ALL SELECT 'outlet', f.outlet
    UNION ALL SELECT 'hedge', f.hedge
    UNION ALL SELECT 'horizon', f.horizon
    UNION ALL SELECT 'author', n FROM fw_names(f.authors_json) n
    UNION ALL SELECT 'tag', n FROM fw_names(f.tags_json) n
) k
UNION ALL
SELECT f.prediction_id, f.article_id, k.dimension, k.key,
       'scored', -1.0, 'none', 2, f.hindsight, '', floor(abs(f.pe) * 10 + 0.5) / 10.0,
       0.0, NULL, NULL, NULL
FROM score_facts f
CROSS JOIN LATERAL (
    SELECT 'all' AS dimension, '' AS key
    UNION ALL SELECT 'outlet', f.outlet
    UNION ALL SELECT 'hedge', f.hedge
    UNION ALL SELECT 'horizon', f.horizon
    UNION ALL SELECT 'author', n FROM fw_names(f.authors_json) n
    UNION ALL SELECT 'tag', n FROM fw_names(f.tags_json) n
) k
WHERE f.state = 'scored' AND f.numeric = 1 AND f.pe IS NOT NULL;

DELETE FROM score_sums;

INSERT INTO score_sums (dimension, key, state, probability, source, numeric, hindsight, due, ape,
                        n, sum_outcome, sum_outcome_sq, n_delay, sum_delay, n_high, n_low, sum_pe)
SELECT dimension, key, state, probability, source, numeric, hindsight, due, ape,
       count(*), COALESCE(sum(outcome), 0), COALESCE(sum(outcome * outcome), 0), count(delay), COALESCE(sum(delay), 0),
       count(CASE WHEN err > 0 THEN 1 END), count(CASE WHEN err < 0 THEN 1 END), COALESCE(sum(pe), 0)
FROM score_contributions
GROUP BY dimension, key, state, probability, source, numeric, hindsight, due, ape;
