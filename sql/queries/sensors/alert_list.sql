-- purpose: alerts a viewer may see, newest first, optionally of one sensor and/or one state.
-- parameters: $1 int sensor id or NULL, $2 text state or NULL, $3 text[] subdistrict scope or
--   NULL (all), $4 int row limit.
-- SRID: n/a.
SELECT a.id::int AS id, a.sensor_id AS sensor, a.rule_id AS rule, a.severity, a.state,
  a.opened_at AS "openedAt", a.incident_id::int AS "caseId"
FROM alert a
JOIN sensor s ON s.id = a.sensor_id
WHERE ($1::int IS NULL OR a.sensor_id = $1::int)
  AND ($2::text IS NULL OR a.state = $2::text)
  AND ($3::text[] IS NULL OR s.subdistrict_code = ANY ($3::text[]))
ORDER BY a.opened_at DESC, a.id DESC
LIMIT $4
