-- purpose: the case taxonomy, majors and subcategories in one statement (foreign keys are
--   checked at the end of the statement, so order does not matter).
-- parameters: $1 text[] codes, $2 text[] parent codes (NULL for majors), $3 text[] kinds,
--   $4 text[] names, $5 text[] English names, $6 text[] limits as JSON text (NULL for majors),
--   $7 bool[] urgent, $8 text[] default departments, $9 float8[] demo weights.
-- SRID: n/a.
INSERT INTO category (code, parent_code, kind, name, name_en, limits, urgent, default_department, weight)
SELECT code, parent_code, kind, name, name_en, limits::jsonb, urgent, department, weight
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[],
            $8::text[], $9::float8[])
  AS u(code, parent_code, kind, name, name_en, limits, urgent, department, weight)
RETURNING code
