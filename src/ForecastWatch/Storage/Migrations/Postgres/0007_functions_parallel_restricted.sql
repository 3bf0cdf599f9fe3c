-- PostgreSQL 0007: functions with an EXCEPTION block open a subtransaction, which a parallel worker cannot do, so a
-- parallel plan over score_facts (a large scan, e.g. store copy's check of the running sums at 1M predictions) failed
-- with "cannot start subtransactions during a parallel operation". They were declared PARALLEL SAFE; they are
-- PARALLEL RESTRICTED: they run in the leader only, and the rest of such a plan can still be parallel.
ALTER FUNCTION fw_valid_date(text) PARALLEL RESTRICTED;
ALTER FUNCTION fw_names(text) PARALLEL RESTRICTED;
ALTER FUNCTION fw_condition_by(text) PARALLEL RESTRICTED;
