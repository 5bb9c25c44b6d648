-- purpose: the state of each (sensor, rule) pair a batch touches, locked for this transaction so
--   concurrent batches for the same sensor evaluate one after the other; with whether an
--   unresolved alert exists (the alert table is the truth for "open", not the state).
-- parameters: $1 int[] sensor ids, $2 int[] rule ids (pairs, sorted by sensor then rule).
-- SRID: n/a. Run rule_state_ensure first so every pair has a row to lock.
SELECT rs.sensor_id AS "sensorId", rs.rule_id AS "ruleId", rs.state,
  EXISTS (
    SELECT 1 FROM alert a
    WHERE a.sensor_id = rs.sensor_id AND a.rule_id = rs.rule_id AND a.state <> 'resolved'
  ) AS "alertOpen"
FROM rule_state rs
JOIN unnest($1::int[], $2::int[]) AS u(sensor_id, rule_id)
  ON rs.sensor_id = u.sensor_id AND rs.rule_id = u.rule_id
ORDER BY rs.sensor_id, rs.rule_id
FOR UPDATE OF rs
