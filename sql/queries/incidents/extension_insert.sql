-- purpose: record an extension request (延期) of a case, pending or (for a request made before
--   requests were recorded) already decided.
-- parameters: $1 int8 incident id, $2 int requesting user, $3 text department, $4 text reason,
--   $5 int amount, $6 text unit, $7 timestamptz requested at, $8 text state,
--   $9 int deciding user (NULL while pending), $10 timestamptz decided at (NULL while pending).
-- SRID: n/a.
INSERT INTO extension_request (incident_id, requested_by, department_code, reason, amount, unit,
                               requested_at, state, decided_by, decided_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING id
