-- purpose: append one event to a case's timeline (incident_event is append-only). The caller
--   holds the incident row (version-checked UPDATE or INSERT), so the next seq cannot race.
-- parameters: $1 int8 incident id, $2 text action, $3 text from state (NULL for a report),
--   $4 text to state, $5 text case role, $6 int acting user id, $7 text department,
--   $8 text note, $9 timestamptz at, $10 text[] photo names (NULL = none),
--   $11 int routing rule that chose the department (NULL = none).
-- SRID: n/a.
INSERT INTO incident_event (
  incident_id, seq, action, from_state, to_state, actor_role, actor_user_id, department_code,
  note, at, photos, routing_rule_id
)
SELECT $1, coalesce(max(e.seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11
FROM incident_event e
WHERE e.incident_id = $1
RETURNING seq
