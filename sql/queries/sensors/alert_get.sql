-- purpose: one alert with its sensor's subdistrict (for the scope check), locked for an update.
-- parameters: $1 bigint alert id.
-- SRID: n/a.
SELECT a.id::int AS id, a.sensor_id AS sensor, a.rule_id AS rule, a.severity, a.state,
  a.opened_at AS "openedAt", a.incident_id::int AS "caseId",
  s.subdistrict_code AS "subdistrictCode"
FROM alert a
JOIN sensor s ON s.id = a.sensor_id
WHERE a.id = $1::bigint
FOR UPDATE OF a
