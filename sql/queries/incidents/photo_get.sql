-- purpose: one photo of a case, if the case is in the reader's scope.
-- parameters: $1 int8 incident id, $2 text photo name, $3 text[] scope (NULL = whole district).
-- SRID: n/a.
SELECT p.mime, p.bytes, p.width, p.height
FROM incident_photo p
JOIN incident i ON i.id = p.incident_id
WHERE p.incident_id = $1
  AND p.name = $2
  AND ($3::text[] IS NULL OR i.subdistrict_code = ANY ($3::text[]))
