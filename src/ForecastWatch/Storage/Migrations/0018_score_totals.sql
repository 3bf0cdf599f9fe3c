-- 0018: per-group totals for the scorecard (issue 19, scorecard speed). score_sums keeps one row per distinct
-- probability (0008: the scores are linear in the outcome once p is fixed), split by source, numeric and hindsight: at
-- 1M predictions a scorecard by author read 41k of them (500 authors x 19 probabilities x about four). score_totals
-- adds those rows up per (dimension, key, state, source, numeric, hindsight, due), that is score_sums without the
-- probability and the APE key, and keeps what the scores need of the probabilities summed over them:
--   sum_p_sq       sum of n * p * p                      (Brier = sum_p_sq - 2 sum_p_outcome + sum_outcome_sq)
--   sum_p_outcome  sum of p * sum_outcome
--   credit         sum of (p >= 0.5 ? sum_outcome : n - sum_outcome)        (accuracy)
--   log_score      sum of sum_outcome ln p' + (n - sum_outcome) ln(1 - p'), p' = p clamped to [0.001, 0.999]
--   n_b, p_b, o_b  per 10% calibration bucket b = floor(round(10 p, 9)) clamped to 0..9: count, sum of n p, sum of outcome
-- all 0 on rows without a probability (source 'none', probability -1: C# applies the configured default to their
-- n, sum_outcome and sum_outcome_sq, as before). The other sums are score_sums' own, added up. The error rows
-- (numeric 2 and 3) stay in score_sums only.
--
-- Kept by triggers on score_sums itself: every row that appears, changes or goes adds its change (new minus old) to
-- its total through the score_totals_changes view, so score_totals is always score_sums grouped (up to the rounding
-- of doubles). ScoreSumsMigrationTests check it against score_sums and against the full recomputation.
CREATE TABLE score_totals (
    dimension       TEXT NOT NULL CHECK (dimension IN ('all', 'outlet', 'author', 'tag', 'hedge', 'horizon')),
    key             TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('scored', 'void', 'open', 'annulled')),
    source          TEXT NOT NULL CHECK (source IN ('stated', 'hedge', 'none')),
    numeric         INTEGER NOT NULL,
    hindsight       INTEGER NOT NULL,
    due             TEXT NOT NULL,
    n               INTEGER NOT NULL,
    sum_outcome     REAL NOT NULL,
    sum_outcome_sq  REAL NOT NULL,
    n_delay         INTEGER NOT NULL,
    sum_delay       INTEGER NOT NULL,
    n_high          INTEGER NOT NULL,
    n_low           INTEGER NOT NULL,
    sum_pe          REAL NOT NULL,
    sum_p_sq        REAL NOT NULL,
    sum_p_outcome   REAL NOT NULL,
    credit          REAL NOT NULL,
    log_score       REAL NOT NULL,
    n_0              INTEGER NOT NULL,
    n_1              INTEGER NOT NULL,
    n_2              INTEGER NOT NULL,
    n_3              INTEGER NOT NULL,
    n_4              INTEGER NOT NULL,
    n_5              INTEGER NOT NULL,
    n_6              INTEGER NOT NULL,
    n_7              INTEGER NOT NULL,
    n_8              INTEGER NOT NULL,
    n_9              INTEGER NOT NULL,
    p_0              REAL NOT NULL,
    p_1              REAL NOT NULL,
    p_2              REAL NOT NULL,
    p_3              REAL NOT NULL,
    p_4              REAL NOT NULL,
    p_5              REAL NOT NULL,
    p_6              REAL NOT NULL,
    p_7              REAL NOT NULL,
    p_8              REAL NOT NULL,
    p_9              REAL NOT NULL,
    o_0              REAL NOT NULL,
    o_1              REAL NOT NULL,
    o_2              REAL NOT NULL,
    o_3              REAL NOT NULL,
    o_4              REAL NOT NULL,
    o_5              REAL NOT NULL,
    o_6              REAL NOT NULL,
    o_7              REAL NOT NULL,
    o_8              REAL NOT NULL,
    o_9              REAL NOT NULL,
    PRIMARY KEY (dimension, key, state, source, numeric, hindsight, due)
) STRICT, WITHOUT ROWID;

-- Inserting a change (a score_sums row's key, its probability and the change of its sums) into this empty view
-- adds it to the total (the one definition of that upsert); a total whose count drops to 0 is deleted.
CREATE VIEW score_totals_changes AS
SELECT '' AS dimension, '' AS key, '' AS state, '' AS source, 0 AS numeric, 0 AS hindsight, '' AS due, 0.0 AS probability,
       0 AS n, 0.0 AS sum_outcome, 0.0 AS sum_outcome_sq, 0 AS n_delay, 0 AS sum_delay, 0 AS n_high, 0 AS n_low, 0.0 AS sum_pe
WHERE 0;

CREATE TRIGGER score_totals_change INSTEAD OF INSERT ON score_totals_changes
BEGIN
    INSERT INTO score_totals (dimension, key, state, source, numeric, hindsight, due,
                              n, sum_outcome, sum_outcome_sq, n_delay, sum_delay, n_high, n_low, sum_pe,
                              sum_p_sq, sum_p_outcome, credit, log_score,
                              n_0, n_1, n_2, n_3, n_4, n_5, n_6, n_7, n_8, n_9,
                              p_0, p_1, p_2, p_3, p_4, p_5, p_6, p_7, p_8, p_9,
                              o_0, o_1, o_2, o_3, o_4, o_5, o_6, o_7, o_8, o_9)
    SELECT NEW.dimension, NEW.key, NEW.state, NEW.source, NEW.numeric, NEW.hindsight, NEW.due,
           NEW.n, NEW.sum_outcome, NEW.sum_outcome_sq, NEW.n_delay, NEW.sum_delay, NEW.n_high, NEW.n_low, NEW.sum_pe,
           CASE WHEN q.b >= 0 THEN NEW.n * q.p * q.p ELSE 0.0 END,
           CASE WHEN q.b >= 0 THEN q.p * NEW.sum_outcome ELSE 0.0 END,
           CASE WHEN q.b < 0 THEN 0.0 WHEN q.p >= 0.5 THEN NEW.sum_outcome ELSE NEW.n - NEW.sum_outcome END,
           CASE WHEN q.b >= 0 THEN (NEW.sum_outcome * ln(q.c)) + ((NEW.n - NEW.sum_outcome) * ln(1 - q.c)) ELSE 0.0 END,
           CASE q.b WHEN 0 THEN NEW.n ELSE 0 END, CASE q.b WHEN 1 THEN NEW.n ELSE 0 END,
           CASE q.b WHEN 2 THEN NEW.n ELSE 0 END, CASE q.b WHEN 3 THEN NEW.n ELSE 0 END,
           CASE q.b WHEN 4 THEN NEW.n ELSE 0 END, CASE q.b WHEN 5 THEN NEW.n ELSE 0 END,
           CASE q.b WHEN 6 THEN NEW.n ELSE 0 END, CASE q.b WHEN 7 THEN NEW.n ELSE 0 END,
           CASE q.b WHEN 8 THEN NEW.n ELSE 0 END, CASE q.b WHEN 9 THEN NEW.n ELSE 0 END,
           CASE q.b WHEN 0 THEN NEW.n * q.p ELSE 0.0 END, CASE q.b WHEN 1 THEN NEW.n * q.p ELSE 0.0 END,
           CASE q.b WHEN 2 THEN NEW.n * q.p ELSE 0.0 END, CASE q.b WHEN 3 THEN NEW.n * q.p ELSE 0.0 END,
           CASE q.b WHEN 4 THEN NEW.n * q.p ELSE 0.0 END, CASE q.b WHEN 5 THEN NEW.n * q.p ELSE 0.0 END,
           CASE q.b WHEN 6 THEN NEW.n * q.p ELSE 0.0 END, CASE q.b WHEN 7 THEN NEW.n * q.p ELSE 0.0 END,
           CASE q.b WHEN 8 THEN NEW.n * q.p ELSE 0.0 END, CASE q.b WHEN 9 THEN NEW.n * q.p ELSE 0.0 END,
           CASE q.b WHEN 0 THEN NEW.sum_outcome ELSE 0.0 END, CASE q.b WHEN 1 THEN NEW.sum_outcome ELSE 0.0 END,
           CASE q.b WHEN 2 THEN NEW.sum_outcome ELSE 0.0 END, CASE q.b WHEN 3 THEN NEW.sum_outcome ELSE 0.0 END,
           CASE q.b WHEN 4 THEN NEW.sum_outcome ELSE 0.0 END, CASE q.b WHEN 5 THEN NEW.sum_outcome ELSE 0.0 END,
           CASE q.b WHEN 6 THEN NEW.sum_outcome ELSE 0.0 END, CASE q.b WHEN 7 THEN NEW.sum_outcome ELSE 0.0 END,
           CASE q.b WHEN 8 THEN NEW.sum_outcome ELSE 0.0 END, CASE q.b WHEN 9 THEN NEW.sum_outcome ELSE 0.0 END
    FROM (SELECT NEW.probability AS p, max(0.001, min(NEW.probability, 1 - 0.001)) AS c,
                 CASE WHEN NEW.probability < 0 THEN -1
                      ELSE max(0, min(9, CAST(floor(round(NEW.probability * 10, 9)) AS INTEGER))) END AS b) q
    WHERE true
    ON CONFLICT (dimension, key, state, source, numeric, hindsight, due) DO UPDATE SET
        n = n + excluded.n, sum_outcome = sum_outcome + excluded.sum_outcome,
        sum_outcome_sq = sum_outcome_sq + excluded.sum_outcome_sq, n_delay = n_delay + excluded.n_delay,
        sum_delay = sum_delay + excluded.sum_delay, n_high = n_high + excluded.n_high,
        n_low = n_low + excluded.n_low, sum_pe = sum_pe + excluded.sum_pe,
        sum_p_sq = sum_p_sq + excluded.sum_p_sq, sum_p_outcome = sum_p_outcome + excluded.sum_p_outcome,
        credit = credit + excluded.credit, log_score = log_score + excluded.log_score,
        n_0 = n_0 + excluded.n_0, n_1 = n_1 + excluded.n_1,
        n_2 = n_2 + excluded.n_2, n_3 = n_3 + excluded.n_3,
        n_4 = n_4 + excluded.n_4, n_5 = n_5 + excluded.n_5,
        n_6 = n_6 + excluded.n_6, n_7 = n_7 + excluded.n_7,
        n_8 = n_8 + excluded.n_8, n_9 = n_9 + excluded.n_9,
        p_0 = p_0 + excluded.p_0, p_1 = p_1 + excluded.p_1,
        p_2 = p_2 + excluded.p_2, p_3 = p_3 + excluded.p_3,
        p_4 = p_4 + excluded.p_4, p_5 = p_5 + excluded.p_5,
        p_6 = p_6 + excluded.p_6, p_7 = p_7 + excluded.p_7,
        p_8 = p_8 + excluded.p_8, p_9 = p_9 + excluded.p_9,
        o_0 = o_0 + excluded.o_0, o_1 = o_1 + excluded.o_1,
        o_2 = o_2 + excluded.o_2, o_3 = o_3 + excluded.o_3,
        o_4 = o_4 + excluded.o_4, o_5 = o_5 + excluded.o_5,
        o_6 = o_6 + excluded.o_6, o_7 = o_7 + excluded.o_7,
        o_8 = o_8 + excluded.o_8, o_9 = o_9 + excluded.o_9;
    DELETE FROM score_totals
    WHERE dimension = NEW.dimension AND key = NEW.key AND state = NEW.state AND source = NEW.source AND numeric = NEW.numeric
      AND hindsight = NEW.hindsight AND due = NEW.due AND n = 0;
END;

-- score_sums' upserts change only the sums; a row whose key itself changed (a manual edit) moves out of one total
-- and into another. Emptied rows (n = 0, deleted by 0008's triggers) have nothing left to take out, unless rounding.
CREATE TRIGGER score_sums_totals_insert AFTER INSERT ON score_sums WHEN NEW.numeric < 2
BEGIN
    INSERT INTO score_totals_changes
    VALUES (NEW.dimension, NEW.key, NEW.state, NEW.source, NEW.numeric, NEW.hindsight, NEW.due, NEW.probability,
            NEW.n, NEW.sum_outcome, NEW.sum_outcome_sq, NEW.n_delay, NEW.sum_delay, NEW.n_high, NEW.n_low, NEW.sum_pe);
END;

CREATE TRIGGER score_sums_totals_update AFTER UPDATE ON score_sums
WHEN NEW.numeric < 2 AND NEW.dimension = OLD.dimension AND NEW.key = OLD.key AND NEW.state = OLD.state
     AND NEW.probability = OLD.probability AND NEW.source = OLD.source AND NEW.numeric = OLD.numeric
     AND NEW.hindsight = OLD.hindsight AND NEW.due = OLD.due
BEGIN
    INSERT INTO score_totals_changes
    VALUES (NEW.dimension, NEW.key, NEW.state, NEW.source, NEW.numeric, NEW.hindsight, NEW.due, NEW.probability,
            NEW.n - OLD.n, NEW.sum_outcome - OLD.sum_outcome, NEW.sum_outcome_sq - OLD.sum_outcome_sq, NEW.n_delay - OLD.n_delay,
            NEW.sum_delay - OLD.sum_delay, NEW.n_high - OLD.n_high, NEW.n_low - OLD.n_low, NEW.sum_pe - OLD.sum_pe);
END;

CREATE TRIGGER score_sums_totals_rekey AFTER UPDATE ON score_sums
WHEN NOT (NEW.dimension = OLD.dimension AND NEW.key = OLD.key AND NEW.state = OLD.state
          AND NEW.probability = OLD.probability AND NEW.source = OLD.source AND NEW.numeric = OLD.numeric
          AND NEW.hindsight = OLD.hindsight AND NEW.due = OLD.due)
BEGIN
    INSERT INTO score_totals_changes
    SELECT OLD.dimension, OLD.key, OLD.state, OLD.source, OLD.numeric, OLD.hindsight, OLD.due, OLD.probability,
           -OLD.n, -OLD.sum_outcome, -OLD.sum_outcome_sq, -OLD.n_delay, -OLD.sum_delay, -OLD.n_high, -OLD.n_low, -OLD.sum_pe
    WHERE OLD.numeric < 2;
    INSERT INTO score_totals_changes
    SELECT NEW.dimension, NEW.key, NEW.state, NEW.source, NEW.numeric, NEW.hindsight, NEW.due, NEW.probability,
           NEW.n, NEW.sum_outcome, NEW.sum_outcome_sq, NEW.n_delay, NEW.sum_delay, NEW.n_high, NEW.n_low, NEW.sum_pe
    WHERE NEW.numeric < 2;
END;

CREATE TRIGGER score_sums_totals_delete AFTER DELETE ON score_sums
WHEN OLD.numeric < 2 AND (OLD.n <> 0 OR OLD.sum_outcome <> 0 OR OLD.sum_outcome_sq <> 0 OR OLD.n_delay <> 0 OR OLD.sum_delay <> 0
                          OR OLD.n_high <> 0 OR OLD.n_low <> 0 OR OLD.sum_pe <> 0)
BEGIN
    INSERT INTO score_totals_changes
    VALUES (OLD.dimension, OLD.key, OLD.state, OLD.source, OLD.numeric, OLD.hindsight, OLD.due, OLD.probability,
            -OLD.n, -OLD.sum_outcome, -OLD.sum_outcome_sq, -OLD.n_delay, -OLD.sum_delay, -OLD.n_high, -OLD.n_low, -OLD.sum_pe);
END;

-- The backfill: every probability row of score_sums, through the same upsert.
INSERT INTO score_totals_changes
SELECT dimension, key, state, source, numeric, hindsight, due, probability,
       n, sum_outcome, sum_outcome_sq, n_delay, sum_delay, n_high, n_low, sum_pe
FROM score_sums
WHERE numeric < 2;

-- The scorecard's band counts (numeric = 3) without walking the error rows (numeric = 2) stored between them in the
-- primary key's order: by author those were 123k rows walked for 6.5k read.
CREATE INDEX ix_score_sums_bands ON score_sums (dimension, key, hindsight, ape, n) WHERE numeric = 3;
