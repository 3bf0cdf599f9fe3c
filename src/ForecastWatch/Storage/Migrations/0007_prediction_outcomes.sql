-- 0007: the folded resolution state of every resolved prediction, kept by the database itself.
-- A scorecard over a million predictions cannot afford to walk resolutions and fold them per prediction; this
-- table holds exactly what ResolutionState.Fold decides, one row per prediction that has any resolution row:
--   resolution_id  the row in force: the latest OVERRIDE (supersedes_id set), else the first final verdict;
--                  NULL while only EXTENDs exist. verdict/fraction/resolved_at/resolved_by are copied from it.
--   outcome        what came true: yes 1, no 0, partial its fraction (0.5 when none was given), else NULL.
--   extend_to      the latest EXTEND's date (NULL without one). The effective resolve-by is
--                  COALESCE(extend_to, predictions.resolve_by): the prediction's own date can still be edited.
-- resolutions are append-only (0001 forbids UPDATE and DELETE), so an AFTER INSERT trigger is the only upkeep.
-- It refolds the prediction from its rows in id order (index seeks on ix_resolutions_prediction) instead of
-- applying the new row incrementally, so the state is right whatever id the new row carries.
CREATE TABLE prediction_outcomes (
    prediction_id   TEXT PRIMARY KEY NOT NULL REFERENCES predictions(id),
    resolution_id   INTEGER NULL REFERENCES resolutions(id),
    verdict         TEXT NULL CHECK (verdict IN ('yes', 'no', 'partial', 'void')),
    fraction        REAL NULL,
    outcome         REAL NULL,
    resolved_at     INTEGER NULL,
    resolved_by     TEXT NULL,
    extend_to       TEXT NULL,
    extensions      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO prediction_outcomes (prediction_id, resolution_id, verdict, fraction, outcome, resolved_at, resolved_by, extend_to, extensions)
SELECT g.prediction_id, f.id, f.verdict, f.fraction,
       CASE f.verdict WHEN 'yes' THEN 1.0 WHEN 'no' THEN 0.0 WHEN 'partial' THEN COALESCE(f.fraction, 0.5) END,
       f.resolved_at, f.resolved_by,
       (SELECT e.extend_to FROM resolutions e WHERE e.prediction_id = g.prediction_id AND e.verdict = 'extend' ORDER BY e.id DESC LIMIT 1),
       (SELECT count(*) FROM resolutions e WHERE e.prediction_id = g.prediction_id AND e.verdict = 'extend')
FROM (SELECT DISTINCT prediction_id FROM resolutions) g
LEFT JOIN resolutions f ON f.id = (
    SELECT max(r.id) FROM resolutions r
    WHERE r.prediction_id = g.prediction_id AND r.verdict <> 'extend'
      AND (r.supersedes_id IS NOT NULL
           OR r.id = (SELECT min(m.id) FROM resolutions m WHERE m.prediction_id = g.prediction_id AND m.verdict <> 'extend')));

CREATE TRIGGER resolutions_fold_outcome AFTER INSERT ON resolutions
BEGIN
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
END;

