-- purpose: a case's extension requests, oldest first.
-- parameters: $1 int8 incident id.
-- SRID: n/a.
SELECT x.id, x.department_code AS department, x.reason, x.amount, x.unit, x.state,
       x.requested_by AS "requestedBy", x.requested_at AS "requestedAt",
       x.decided_by AS "decidedBy", x.decided_at AS "decidedAt", x.decision_note AS "decisionNote"
FROM extension_request x
WHERE x.incident_id = $1
ORDER BY x.requested_at, x.id
