-- purpose: the enabled rules decided on a reading's arrival (threshold, rate, no activity) of some
--   sensor types; silence is decided by the sweep.
-- parameters: $1 text[] sensor type codes.
-- SRID: n/a.
SELECT r.id, r.sensor_type AS "sensorType", r.kind, r.metric, r.params, r.severity, r.name
FROM alert_rule r
WHERE r.kind IN ('threshold', 'rate', 'no_activity')
  AND r.enabled
  AND r.sensor_type = ANY ($1::text[])
ORDER BY r.id
