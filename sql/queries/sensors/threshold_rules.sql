-- purpose: the enabled threshold rules of some sensor types, for evaluation on arrival.
-- parameters: $1 text[] sensor type codes.
-- SRID: n/a.
SELECT r.id, r.sensor_type AS "sensorType", r.metric, r.params, r.severity, r.name
FROM alert_rule r
WHERE r.kind = 'threshold'
  AND r.enabled
  AND r.sensor_type = ANY ($1::text[])
ORDER BY r.id
