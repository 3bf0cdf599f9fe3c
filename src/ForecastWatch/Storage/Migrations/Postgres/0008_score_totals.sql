-- Twin of SQLite's 0018 (which explains it): score_totals, score_sums added up per (dimension, key, state, source,
-- numeric, hindsight, due) with the probability sums the scores need and the calibration buckets, kept by a trigger
-- on score_sums (every row that appears, changes or goes adds its change), and the band counts' partial index.
CREATE TABLE score_totals (
    dimension       TEXT COLLATE "C" NOT NULL CHECK (dimension IN ('all', 'outlet', 'author', 'tag', 'hedge', 'horizon')),
    key             TEXT COLLATE "C" NOT NULL,
    state           TEXT COLLATE "C" NOT NULL CHECK (state IN ('scored', 'void', 'open', 'annulled')),
    source          TEXT COLLATE "C" NOT NULL CHECK (source IN ('stated', 'hedge', 'none')),
    numeric         BIGINT NOT NULL,
    hindsight       BIGINT NOT NULL,
    due             TEXT COLLATE "C" NOT NULL,
    n               BIGINT NOT NULL,
    sum_outcome     DOUBLE PRECISION NOT NULL,
    sum_outcome_sq  DOUBLE PRECISION NOT NULL,
    n_delay         BIGINT NOT NULL,
    sum_delay       BIGINT NOT NULL,
    n_high          BIGINT NOT NULL,
    n_low           BIGINT NOT NULL,
    sum_pe          DOUBLE PRECISION NOT NULL,
    sum_p_sq        DOUBLE PRECISION NOT NULL,
    sum_p_outcome   DOUBLE PRECISION NOT NULL,
    credit          DOUBLE PRECISION NOT NULL,
    log_score       DOUBLE PRECISION NOT NULL,
    n_0              BIGINT NOT NULL,
    n_1              BIGINT NOT NULL,
    n_2              BIGINT NOT NULL,
    n_3              BIGINT NOT NULL,
    n_4              BIGINT NOT NULL,
    n_5              BIGINT NOT NULL,
    n_6              BIGINT NOT NULL,
    n_7              BIGINT NOT NULL,
    n_8              BIGINT NOT NULL,
    n_9              BIGINT NOT NULL,
    p_0              DOUBLE PRECISION NOT NULL,
    p_1              DOUBLE PRECISION NOT NULL,
    p_2              DOUBLE PRECISION NOT NULL,
    p_3              DOUBLE PRECISION NOT NULL,
    p_4              DOUBLE PRECISION NOT NULL,
    p_5              DOUBLE PRECISION NOT NULL,
    p_6              DOUBLE PRECISION NOT NULL,
    p_7              DOUBLE PRECISION NOT NULL,
    p_8              DOUBLE PRECISION NOT NULL,
    p_9              DOUBLE PRECISION NOT NULL,
    o_0              DOUBLE PRECISION NOT NULL,
    o_1              DOUBLE PRECISION NOT NULL,
    o_2              DOUBLE PRECISION NOT NULL,
    o_3              DOUBLE PRECISION NOT NULL,
    o_4              DOUBLE PRECISION NOT NULL,
    o_5              DOUBLE PRECISION NOT NULL,
    o_6              DOUBLE PRECISION NOT NULL,
    o_7              DOUBLE PRECISION NOT NULL,
    o_8              DOUBLE PRECISION NOT NULL,
    o_9              DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (dimension, key, state, source, numeric, hindsight, due)
);

-- SQLite's score_totals_change: adds one score_sums row's change (its key, probability and the change of its sums).
CREATE FUNCTION fw_score_totals_change(s score_sums) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    p double precision := s.probability;
    c double precision := greatest(0.001, least(s.probability, 1 - 0.001));
    b integer := CASE WHEN s.probability < 0 THEN -1
                      ELSE greatest(0, least(9, floor(round((s.probability * 10)::numeric, 9))::integer)) END;
BEGIN
    INSERT INTO score_totals AS t (dimension, key, state, source, numeric, hindsight, due,
                                   n, sum_outcome, sum_outcome_sq, n_delay, sum_delay, n_high, n_low, sum_pe,
                                   sum_p_sq, sum_p_outcome, credit, log_score,
                                   n_0, n_1, n_2, n_3, n_4, n_5, n_6, n_7, n_8, n_9,
                                   p_0, p_1, p_2, p_3, p_4, p_5, p_6, p_7, p_8, p_9,
                                   o_0, o_1, o_2, o_3, o_4, o_5, o_6, o_7, o_8, o_9)
    VALUES (s.dimension, s.key, s.state, s.source, s.numeric, s.hindsight, s.due,
            s.n, s.sum_outcome, s.sum_outcome_sq, s.n_delay, s.sum_delay, s.n_high, s.n_low, s.sum_pe,
            CASE WHEN b >= 0 THEN s.n * p * p ELSE 0.0 END,
            CASE WHEN b >= 0 THEN p * s.sum_outcome ELSE 0.0 END,
            CASE WHEN b < 0 THEN 0.0 WHEN p >= 0.5 THEN s.sum_outcome ELSE s.n - s.sum_outcome END,
            CASE WHEN b >= 0 THEN (s.sum_outcome * ln(c)) + ((s.n - s.sum_outcome) * ln(1 - c)) ELSE 0.0 END,
            CASE b WHEN 0 THEN s.n ELSE 0 END, CASE b WHEN 1 THEN s.n ELSE 0 END,
            CASE b WHEN 2 THEN s.n ELSE 0 END, CASE b WHEN 3 THEN s.n ELSE 0 END,
            CASE b WHEN 4 THEN s.n ELSE 0 END, CASE b WHEN 5 THEN s.n ELSE 0 END,
            CASE b WHEN 6 THEN s.n ELSE 0 END, CASE b WHEN 7 THEN s.n ELSE 0 END,
            CASE b WHEN 8 THEN s.n ELSE 0 END, CASE b WHEN 9 THEN s.n ELSE 0 END,
            CASE b WHEN 0 THEN s.n * p ELSE 0.0 END, CASE b WHEN 1 THEN s.n * p ELSE 0.0 END,
            CASE b WHEN 2 THEN s.n * p ELSE 0.0 END, CASE b WHEN 3 THEN s.n * p ELSE 0.0 END,
            CASE b WHEN 4 THEN s.n * p ELSE 0.0 END, CASE b WHEN 5 THEN s.n * p ELSE 0.0 END,
            CASE b WHEN 6 THEN s.n * p ELSE 0.0 END, CASE b WHEN 7 THEN s.n * p ELSE 0.0 END,
            CASE b WHEN 8 THEN s.n * p ELSE 0.0 END, CASE b WHEN 9 THEN s.n * p ELSE 0.0 END,
            CASE b WHEN 0 THEN s.sum_outcome ELSE 0.0 END, CASE b WHEN 1 THEN s.sum_outcome ELSE 0.0 END,
            CASE b WHEN 2 THEN s.sum_outcome ELSE 0.0 END, CASE b WHEN 3 THEN s.sum_outcome ELSE 0.0 END,
            CASE b WHEN 4 THEN s.sum_outcome ELSE 0.0 END, CASE b WHEN 5 THEN s.sum_outcome ELSE 0.0 END,
            CASE b WHEN 6 THEN s.sum_outcome ELSE 0.0 END, CASE b WHEN 7 THEN s.sum_outcome ELSE 0.0 END,
            CASE b WHEN 8 THEN s.sum_outcome ELSE 0.0 END, CASE b WHEN 9 THEN s.sum_outcome ELSE 0.0 END)
    ON CONFLICT (dimension, key, state, source, numeric, hindsight, due) DO UPDATE SET
        n = t.n + EXCLUDED.n, sum_outcome = t.sum_outcome + EXCLUDED.sum_outcome,
        sum_outcome_sq = t.sum_outcome_sq + EXCLUDED.sum_outcome_sq, n_delay = t.n_delay + EXCLUDED.n_delay,
        sum_delay = t.sum_delay + EXCLUDED.sum_delay, n_high = t.n_high + EXCLUDED.n_high,
        n_low = t.n_low + EXCLUDED.n_low, sum_pe = t.sum_pe + EXCLUDED.sum_pe,
        sum_p_sq = t.sum_p_sq + EXCLUDED.sum_p_sq, sum_p_outcome = t.sum_p_outcome + EXCLUDED.sum_p_outcome,
        credit = t.credit + EXCLUDED.credit, log_score = t.log_score + EXCLUDED.log_score,
        n_0 = t.n_0 + EXCLUDED.n_0, n_1 = t.n_1 + EXCLUDED.n_1,
        n_2 = t.n_2 + EXCLUDED.n_2, n_3 = t.n_3 + EXCLUDED.n_3,
        n_4 = t.n_4 + EXCLUDED.n_4, n_5 = t.n_5 + EXCLUDED.n_5,
        n_6 = t.n_6 + EXCLUDED.n_6, n_7 = t.n_7 + EXCLUDED.n_7,
        n_8 = t.n_8 + EXCLUDED.n_8, n_9 = t.n_9 + EXCLUDED.n_9,
        p_0 = t.p_0 + EXCLUDED.p_0, p_1 = t.p_1 + EXCLUDED.p_1,
        p_2 = t.p_2 + EXCLUDED.p_2, p_3 = t.p_3 + EXCLUDED.p_3,
        p_4 = t.p_4 + EXCLUDED.p_4, p_5 = t.p_5 + EXCLUDED.p_5,
        p_6 = t.p_6 + EXCLUDED.p_6, p_7 = t.p_7 + EXCLUDED.p_7,
        p_8 = t.p_8 + EXCLUDED.p_8, p_9 = t.p_9 + EXCLUDED.p_9,
        o_0 = t.o_0 + EXCLUDED.o_0, o_1 = t.o_1 + EXCLUDED.o_1,
        o_2 = t.o_2 + EXCLUDED.o_2, o_3 = t.o_3 + EXCLUDED.o_3,
        o_4 = t.o_4 + EXCLUDED.o_4, o_5 = t.o_5 + EXCLUDED.o_5,
        o_6 = t.o_6 + EXCLUDED.o_6, o_7 = t.o_7 + EXCLUDED.o_7,
        o_8 = t.o_8 + EXCLUDED.o_8, o_9 = t.o_9 + EXCLUDED.o_9;
    DELETE FROM score_totals
    WHERE dimension = s.dimension AND key = s.key AND state = s.state AND source = s.source AND numeric = s.numeric
      AND hindsight = s.hindsight AND due = s.due AND n = 0;
END $$;

-- A score_sums row with its sums negated, or the change from one to the other (same key).
CREATE FUNCTION fw_score_sums_scaled(s score_sums, k integer) RETURNS score_sums LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    s.n := k * s.n; s.sum_outcome := k * s.sum_outcome; s.sum_outcome_sq := k * s.sum_outcome_sq; s.n_delay := k * s.n_delay;
    s.sum_delay := k * s.sum_delay; s.n_high := k * s.n_high; s.n_low := k * s.n_low; s.sum_pe := k * s.sum_pe;
    RETURN s;
END $$;

CREATE FUNCTION fw_score_sums_totals() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d score_sums;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.numeric < 2 AND NEW.dimension = OLD.dimension AND NEW.key = OLD.key AND NEW.state = OLD.state
       AND NEW.probability = OLD.probability AND NEW.source = OLD.source AND NEW.numeric = OLD.numeric
       AND NEW.hindsight = OLD.hindsight AND NEW.due = OLD.due THEN
        d := NEW;
        d.n := NEW.n - OLD.n; d.sum_outcome := NEW.sum_outcome - OLD.sum_outcome;
        d.sum_outcome_sq := NEW.sum_outcome_sq - OLD.sum_outcome_sq; d.n_delay := NEW.n_delay - OLD.n_delay;
        d.sum_delay := NEW.sum_delay - OLD.sum_delay; d.n_high := NEW.n_high - OLD.n_high; d.n_low := NEW.n_low - OLD.n_low;
        d.sum_pe := NEW.sum_pe - OLD.sum_pe;
        PERFORM fw_score_totals_change(d);
        RETURN NULL;
    END IF;

    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.numeric < 2
       AND (OLD.n <> 0 OR OLD.sum_outcome <> 0 OR OLD.sum_outcome_sq <> 0 OR OLD.n_delay <> 0 OR OLD.sum_delay <> 0
            OR OLD.n_high <> 0 OR OLD.n_low <> 0 OR OLD.sum_pe <> 0) THEN
        PERFORM fw_score_totals_change(fw_score_sums_scaled(OLD, -1));
    END IF;

    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.numeric < 2 THEN
        PERFORM fw_score_totals_change(NEW);
    END IF;

    RETURN NULL;
END $$;

CREATE TRIGGER score_sums_totals AFTER INSERT OR UPDATE OR DELETE ON score_sums
    FOR EACH ROW EXECUTE FUNCTION fw_score_sums_totals();

-- The backfill: every probability row of score_sums, through the same upsert.
SELECT fw_score_totals_change(s) FROM score_sums s WHERE s.numeric < 2;

CREATE INDEX ix_score_sums_bands ON score_sums (dimension, key, hindsight, ape, n) WHERE numeric = 3;
