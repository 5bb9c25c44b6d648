-- purpose: alerts that may get a case: the rule's case category, the sensor's place, and the open
--   case of the same sensor and rule if there is one (a later alert joins it); locks the alerts.
-- parameters: $1 bigint[] alert ids, $2 boolean only alerts whose rule opens cases.
-- SRID: 4326 (lon/lat of the sensor's point).
SELECT a.id::int AS "alertId", a.sensor_id AS "sensorId", a.rule_id AS "ruleId",
  s.code AS "sensorCode", r.name AS "ruleName", r.case_category AS category, a.severity,
  ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, a.value, a.incident_id::int AS "incidentId",
  s.subdistrict_code AS "subdistrictCode",
  (SELECT i.id::int FROM incident i
    WHERE i.sensor_id = a.sensor_id AND i.sensor_rule_id = a.rule_id
      AND i.state NOT IN ('closed', 'rejected', 'merged')) AS "openCaseId"
FROM alert a
JOIN alert_rule r ON r.id = a.rule_id
JOIN sensor s ON s.id = a.sensor_id
WHERE a.id = ANY ($1::bigint[])
  AND (NOT $2::boolean OR (r.opens_case AND r.case_category IS NOT NULL))
ORDER BY a.id
FOR UPDATE OF a
