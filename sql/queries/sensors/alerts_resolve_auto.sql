-- purpose: resolve the unresolved alert of each (sensor, rule) pair whose condition has cleared,
--   and log the change in change_log.
-- parameters: $1 int[] sensor ids, $2 int[] rule ids, $3 timestamptz[] resolved-at times.
-- SRID: n/a.
WITH resolved AS (
  UPDATE alert a SET state = 'resolved', resolved_at = u.resolved_at
  FROM unnest($1::int[], $2::int[], $3::timestamptz[]) AS u(sensor_id, rule_id, resolved_at)
  WHERE a.sensor_id = u.sensor_id AND a.rule_id = u.rule_id AND a.state <> 'resolved'
  RETURNING a.id, a.sensor_id
),
logged AS (
  INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
  SELECT 'alert', r.id, 'update', s.subdistrict_code
  FROM resolved r JOIN sensor s ON s.id = r.sensor_id
  RETURNING entity_id
)
SELECT r.id::int AS id FROM resolved r
