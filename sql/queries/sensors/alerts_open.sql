-- purpose: open alerts raised by rule evaluation (one unresolved per sensor and rule: a pair that
--   already has one is skipped) and log each new alert in change_log.
-- parameters: $1 int[] sensor ids, $2 int[] rule ids, $3 float8[] values, $4 text[] messages,
--   $5 timestamptz[] opened-at times.
-- SRID: n/a.
WITH opened AS (
  INSERT INTO alert (sensor_id, rule_id, severity, value, message, opened_at)
  SELECT u.sensor_id, u.rule_id, r.severity, u.value, u.message, u.opened_at
  FROM unnest($1::int[], $2::int[], $3::float8[], $4::text[], $5::timestamptz[])
    AS u(sensor_id, rule_id, value, message, opened_at)
  JOIN alert_rule r ON r.id = u.rule_id
  ON CONFLICT (sensor_id, rule_id) WHERE state <> 'resolved' DO NOTHING
  RETURNING id, sensor_id
),
-- why: the live map and the alert queue follow change_log.
logged AS (
  INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
  SELECT 'alert', o.id, 'insert', s.subdistrict_code
  FROM opened o JOIN sensor s ON s.id = o.sensor_id
  RETURNING entity_id
)
SELECT o.id::int AS id FROM opened o
