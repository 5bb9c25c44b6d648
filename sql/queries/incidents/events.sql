-- purpose: a case's timeline, oldest first.
-- parameters: $1 int8 incident id.
-- SRID: n/a.
SELECT e.seq, e.action, e.from_state AS "from", e.to_state AS "to", e.actor_role AS role,
       e.actor_user_id AS "userId", e.department_code AS department, e.note, e.at,
       coalesce(e.photos, '{}') AS photos
FROM incident_event e
WHERE e.incident_id = $1
ORDER BY e.seq
