-- purpose: the public timeline of one case: what happened and when, oldest first. Never the
--   note, the actor, the department or the photos of an event.
-- parameters: $1 int8 incident id.
-- SRID: n/a.
SELECT e.action, e.at
FROM incident_event e
WHERE e.incident_id = $1
ORDER BY e.seq
