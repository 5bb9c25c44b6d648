-- purpose: a case's pending extension request, if any.
-- parameters: $1 int8 incident id.
-- SRID: n/a.
SELECT x.id
FROM extension_request x
WHERE x.incident_id = $1 AND x.state = 'pending'
