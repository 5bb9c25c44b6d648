-- purpose: publish a change of one case for the live map.
-- parameters: $1 int8 incident id, $2 text op ('insert' | 'update'), $3 text subdistrict code.
-- SRID: n/a.
INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
VALUES ('incident', $1, $2, $3)
