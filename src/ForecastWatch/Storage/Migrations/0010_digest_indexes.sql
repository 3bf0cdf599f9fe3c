-- 0010: a digest reads what it shows, not every prediction. These two partial indexes find the
-- predictions resolved in a digest period, and the open predictions whose date was moved by EXTEND to a given
-- day; open predictions still on their own date are found through ix_predictions_resolve_by.
CREATE INDEX ix_prediction_outcomes_resolved_at ON prediction_outcomes (resolved_at) WHERE verdict IS NOT NULL;

CREATE INDEX ix_prediction_outcomes_extend_to ON prediction_outcomes (extend_to) WHERE extend_to IS NOT NULL;
