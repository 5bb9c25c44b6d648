-- purpose: the departments cases are dispatched to (from the default taxonomy).
-- parameters: $1 text[] codes, $2 text[] names, $3 text[] English names, $4 text[] kinds.
-- SRID: n/a.
INSERT INTO department (code, name, name_en, kind)
SELECT code, name, name_en, kind
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(code, name, name_en, kind)
RETURNING code
