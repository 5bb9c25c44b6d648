-- purpose: refresh planner statistics after the bulk load, so the first queries plan well.
-- parameters: none.
-- SRID: n/a.
ANALYZE
