-- purpose: the sensor types, their metrics (name, unit, valid range) and reporting interval.
-- parameters: $1 text[] codes, $2 text[] names, $3 text[] English names, $4 text[] metrics as
--   JSON text, $5 int[] intervals in seconds.
-- SRID: n/a.
INSERT INTO sensor_type (code, name, name_en, metrics, interval_s)
SELECT code, name, name_en, metrics::jsonb, interval_s
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[])
  AS u(code, name, name_en, metrics, interval_s)
RETURNING code
