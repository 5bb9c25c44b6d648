-- purpose: alerts a viewer may see, newest first, optionally of one sensor, state, severity and/or
--   sensor type, with what the operator queue shows (sensor code and type, rule name and kind).
-- parameters: $1 int sensor id or NULL, $2 text state or NULL, $3 text[] subdistrict scope or
--   NULL (all), $4 int row limit, $5 text severity or NULL, $6 text sensor type or NULL.
-- SRID: n/a.
SELECT a.id::int AS id, a.sensor_id AS sensor, a.rule_id AS rule, a.severity, a.state,
  a.opened_at AS "openedAt", a.incident_id::int AS "caseId", a.value, a.message,
  a.acknowledged_at AS "acknowledgedAt", a.resolved_at AS "resolvedAt",
  s.code AS "sensorCode", s.type AS "sensorType", r.kind, r.name AS "ruleName",
  r.name_en AS "ruleNameEn", r.case_category AS "caseCategory"
FROM alert a
JOIN sensor s ON s.id = a.sensor_id
JOIN alert_rule r ON r.id = a.rule_id
WHERE ($1::int IS NULL OR a.sensor_id = $1::int)
  AND ($2::text IS NULL OR a.state = $2::text)
  AND ($3::text[] IS NULL OR s.subdistrict_code = ANY ($3::text[]))
  AND ($5::text IS NULL OR a.severity = $5::text)
  AND ($6::text IS NULL OR s.type = $6::text)
ORDER BY a.opened_at DESC, a.id DESC
LIMIT $4
