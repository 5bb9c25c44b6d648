-- purpose: record a department's part of a case: a (re)dispatch starts it afresh; accept,
--   handle and return move it.
-- parameters: $1 int8 incident id, $2 text department, $3 text part state, $4 timestamptz at.
-- SRID: n/a.
INSERT INTO incident_part (incident_id, department_code, state, dispatched_at)
VALUES ($1, $2, $3, $4)
ON CONFLICT (incident_id, department_code) DO UPDATE
SET state = EXCLUDED.state,
    -- why: a fresh dispatch restarts the part; later moves keep its dispatch time.
    dispatched_at = CASE WHEN EXCLUDED.state = 'dispatched' THEN EXCLUDED.dispatched_at
                         ELSE incident_part.dispatched_at END,
    acknowledged_at = CASE WHEN EXCLUDED.state = 'dispatched' THEN NULL
                           WHEN EXCLUDED.state = 'in_progress' THEN EXCLUDED.dispatched_at
                           ELSE incident_part.acknowledged_at END,
    handled_at = CASE WHEN EXCLUDED.state = 'handled' THEN EXCLUDED.dispatched_at
                      WHEN EXCLUDED.state = 'dispatched' THEN NULL
                      ELSE incident_part.handled_at END
