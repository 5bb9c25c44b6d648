-- purpose: whether a case has an extension request recorded at or after an instant (a request
--   that was recorded and then denied or lapsed cannot be approved).
-- parameters: $1 int8 incident id, $2 timestamptz instant.
-- SRID: n/a.
SELECT x.id
FROM extension_request x
WHERE x.incident_id = $1 AND x.requested_at >= $2
LIMIT 1
