-- purpose: link alerts to the incidents they opened.
-- parameters: $1 int8[] alert ids, $2 int8[] incident ids.
-- SRID: n/a.
UPDATE alert AS a
SET incident_id = u.incident_id
FROM unnest($1::int8[], $2::int8[]) AS u(id, incident_id)
WHERE a.id = u.id
RETURNING a.id
