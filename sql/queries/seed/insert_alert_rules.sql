-- purpose: the default alert rules per sensor type.
-- parameters: $1 text[] sensor types, $2 text[] kinds, $3 text[] metrics (NULL = any),
--   $4 text[] params as JSON text, $5 text[] severities, $6 bool[] opens a case,
--   $7 text[] case categories, $8 text[] names, $9 text[] English names.
-- SRID: n/a.
INSERT INTO alert_rule (sensor_type, kind, metric, params, severity, opens_case, case_category, name, name_en)
SELECT sensor_type, kind, metric, params::jsonb, severity, opens_case, case_category, name, name_en
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::text[],
            $8::text[], $9::text[]) WITH ORDINALITY
  AS u(sensor_type, kind, metric, params, severity, opens_case, case_category, name, name_en, ord)
ORDER BY ord
RETURNING id, sensor_type, kind, metric
