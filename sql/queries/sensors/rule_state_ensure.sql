-- purpose: create an empty state row for each (sensor, rule) pair that has none yet.
-- parameters: $1 int[] sensor ids, $2 int[] rule ids (sorted by sensor then rule).
-- SRID: n/a.
INSERT INTO rule_state (sensor_id, rule_id, state)
SELECT u.sensor_id, u.rule_id, '{}'::jsonb
FROM unnest($1::int[], $2::int[]) AS u(sensor_id, rule_id)
ON CONFLICT DO NOTHING
