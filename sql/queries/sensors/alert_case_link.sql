-- purpose: link an alert and its case both ways; the case remembers its sensor and rule, so the
--   partial unique index incident_sensor_rule_open_idx allows one open case per pair. The first
--   alert of a case stays its sensor_alert_id.
-- parameters: $1 bigint alert id, $2 bigint case id, $3 int sensor id, $4 int rule id.
-- SRID: n/a.
WITH linked AS (
  UPDATE alert SET incident_id = $2::bigint WHERE id = $1::bigint RETURNING id, sensor_id
),
cased AS (
  UPDATE incident SET sensor_alert_id = coalesce(sensor_alert_id, $1::bigint),
    sensor_id = $3::int, sensor_rule_id = $4::int
  WHERE id = $2::bigint
  RETURNING id
),
logged AS (
  INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
  SELECT 'alert', l.id, 'update', s.subdistrict_code
  FROM linked l JOIN sensor s ON s.id = l.sensor_id
  RETURNING entity_id
)
SELECT (SELECT count(*) FROM linked)::int AS alerts, (SELECT count(*) FROM cased)::int AS cases
