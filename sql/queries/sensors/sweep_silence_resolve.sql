-- purpose: resolve the silence alerts of sensors heard from again (a reading within the rule's
--   window), in one bulk statement, and log each change.
-- parameters: $1 timestamptz now.
-- SRID: n/a.
WITH resolved AS (
  UPDATE alert a SET state = 'resolved', resolved_at = s.last_seen_at
  FROM alert_rule r, sensor s, sensor_type t
  WHERE a.rule_id = r.id
    AND r.kind = 'silence'
    AND a.state <> 'resolved'
    AND s.id = a.sensor_id
    AND t.code = s.type
    AND s.last_seen_at >= $1::timestamptz
      - make_interval(secs => t.interval_s * coalesce((r.params ->> 'intervals')::float8, 3))
  RETURNING a.id, a.sensor_id
),
logged AS (
  INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
  SELECT 'alert', x.id, 'update', s.subdistrict_code
  FROM resolved x JOIN sensor s ON s.id = x.sensor_id
  RETURNING entity_id
)
SELECT x.id::int AS id FROM resolved x
