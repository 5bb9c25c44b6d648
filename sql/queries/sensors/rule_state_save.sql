-- purpose: store the new state of each evaluated (sensor, rule) pair.
-- parameters: $1 int[] sensor ids, $2 int[] rule ids, $3 jsonb[] states.
-- SRID: n/a.
UPDATE rule_state rs SET state = u.state, updated_at = now()
FROM unnest($1::int[], $2::int[], $3::jsonb[]) AS u(sensor_id, rule_id, state)
WHERE rs.sensor_id = u.sensor_id AND rs.rule_id = u.rule_id
