-- purpose: a case reporter's contact, only if the case is in the reader's scope (and, for a grid
-- worker, in one of their grid cells). Row-level security repeats the check on PostgreSQL.
-- parameters: $1 incident id, $2 text[] scope (NULL = whole district), $3 grid worker's user id
-- (NULL = not limited to own cells). SRID: n/a.
SELECT c.incident_id AS "incidentId", c.name, c.phone, c.email,
       i.subdistrict_code AS "subdistrictCode", i.grid_cell_id AS "gridCellId"
FROM incident_contact c
JOIN incident i ON i.id = c.incident_id
LEFT JOIN grid_cell g ON g.id = i.grid_cell_id
WHERE c.incident_id = $1
  AND ($2::text[] IS NULL OR i.subdistrict_code = ANY ($2::text[]))
  AND ($3::integer IS NULL OR g.grid_worker_id = $3::integer)
