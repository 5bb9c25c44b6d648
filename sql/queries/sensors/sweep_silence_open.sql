-- purpose: open a silence alert for every active sensor with no reading for its rule's number of
--   reporting intervals (alert_rule.params.intervals, default 3, × sensor_type.interval_s) — one
--   bulk statement over last-seen times. One alert per silent spell: not again when an alert of
--   the pair was opened after the sensor was last seen (e.g. an operator resolved it).
-- parameters: $1 timestamptz now.
-- SRID: n/a.
WITH due AS (
  SELECT s.id AS sensor_id, r.id AS rule_id, r.severity, r.name,
    coalesce(s.last_seen_at, s.installed_at) AS seen
  FROM alert_rule r
  JOIN sensor_type t ON t.code = r.sensor_type
  JOIN sensor s ON s.type = r.sensor_type AND s.status = 'active'
  WHERE r.kind = 'silence'
    AND r.enabled
    AND coalesce(s.last_seen_at, s.installed_at) < $1::timestamptz
      - make_interval(secs => t.interval_s * coalesce((r.params ->> 'intervals')::float8, 3))
),
fresh AS (
  SELECT d.* FROM due d
  WHERE NOT EXISTS (
    SELECT 1 FROM alert a
    WHERE a.sensor_id = d.sensor_id AND a.rule_id = d.rule_id AND a.opened_at > d.seen
  )
),
opened AS (
  INSERT INTO alert (sensor_id, rule_id, severity, message, opened_at)
  SELECT f.sensor_id, f.rule_id, f.severity, f.name, $1::timestamptz FROM fresh f
  ON CONFLICT (sensor_id, rule_id) WHERE state <> 'resolved' DO NOTHING
  RETURNING id, sensor_id
),
logged AS (
  INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
  SELECT 'alert', o.id, 'insert', s.subdistrict_code
  FROM opened o JOIN sensor s ON s.id = o.sensor_id
  RETURNING entity_id
)
SELECT o.id::int AS id FROM opened o
