-- purpose: the departments a case is dispatched to (one row per department; several = 吹哨报到).
-- parameters: $1 int8 incident id.
-- SRID: n/a.
SELECT p.department_code AS department, p.state, p.dispatched_at AS "dispatchedAt",
       p.acknowledged_at AS "acknowledgedAt", p.handled_at AS "handledAt"
FROM incident_part p
WHERE p.incident_id = $1
ORDER BY p.dispatched_at, p.department_code
