-- purpose: the sensors a batch names, with their type's metrics (name, min, max) for validation.
-- parameters: $1 int[] sensor ids.
-- SRID: n/a.
SELECT s.id, s.type, t.metrics
FROM sensor s
JOIN sensor_type t ON t.code = s.type
WHERE s.id = ANY ($1::int[])
