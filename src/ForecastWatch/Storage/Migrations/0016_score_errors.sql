-- 0016: the numeric errors' distribution apart from the probability sums (issue 19, scorecard speed).
-- 0013 keyed every scored numeric forecast by its |percentage error| (ape) AND its probability and source, so a
-- group held one row per distinct (ape, probability, source): at 1M predictions a scorecard by outlet read tens of
-- thousands of rows instead of a few hundred. Now each scored numeric forecast with a percentage error contributes
-- two rows per group:
--   the row it always had, with ape = -1 (its counts, hits, too high / too low and Σ pe stay there), and
--   an error row: numeric = 2, state 'scored', probability -1, source 'none', due '', hindsight, its ape key, n = 1
--   and every other sum 0. These rows only hold the distribution the median APE is read from: the scorecard asks
--   SQLite for each group's two middle keys (a window over the group's error rows) instead of reading them all.
-- The view's two arms filter on prediction_id separately (UNION ALL), so the triggers of 0013 still touch one
-- prediction's rows; they are kept as they are and read the new view.
DROP VIEW score_contributions;

CREATE VIEW score_contributions AS
SELECT f.prediction_id, f.article_id, k.value ->> 0 AS dimension, k.value ->> 1 AS key,
       f.state, f.probability, f.source, f.numeric, f.hindsight, f.due, -1.0 AS ape,
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
JOIN json_each(f.keys) k
UNION ALL
SELECT f.prediction_id, f.article_id, k.value ->> 0 AS dimension, k.value ->> 1 AS key,
       'scored' AS state, -1.0 AS probability, 'none' AS source, 2 AS numeric, f.hindsight, '' AS due,
       CAST(abs(f.pe) * 10 + 0.5 AS INTEGER) / 10.0 AS ape,
       0.0 AS outcome, NULL AS delay, NULL AS err, NULL AS pe
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
    WHERE s.state = 'scored' AND s.numeric = 1 AND s.pe IS NOT NULL
) f
JOIN json_each(f.keys) k;

DELETE FROM score_sums;

INSERT INTO score_sums (dimension, key, state, probability, source, numeric, hindsight, due, ape,
                        n, sum_outcome, sum_outcome_sq, n_delay, sum_delay, n_high, n_low, sum_pe)
SELECT dimension, key, state, probability, source, numeric, hindsight, due, ape,
       count(*), total(outcome), total(outcome * outcome), count(delay), COALESCE(sum(delay), 0),
       count(CASE WHEN err > 0 THEN 1 END), count(CASE WHEN err < 0 THEN 1 END), total(pe)
FROM score_contributions
GROUP BY dimension, key, state, probability, source, numeric, hindsight, due, ape;
