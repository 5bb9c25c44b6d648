-- purpose: protected household records in the reader's scope (a grid worker: own cells only).
-- parameters: $1 text[] scope (NULL = whole district), $2 grid worker's user id or NULL,
-- $3 grid cell id filter or NULL, $4 limit. SRID: n/a.
SELECT h.id, h.grid_cell_id AS "gridCellId", h.subdistrict_code AS "subdistrictCode",
       h.head_name AS "headName", h.phone, h.address, h.members, h.living_alone AS "livingAlone",
       h.aged
FROM household h
JOIN grid_cell g ON g.id = h.grid_cell_id
WHERE ($1::text[] IS NULL OR h.subdistrict_code = ANY ($1::text[]))
  AND ($2::integer IS NULL OR g.grid_worker_id = $2::integer)
  AND ($3::integer IS NULL OR h.grid_cell_id = $3::integer)
ORDER BY h.id
LIMIT $4
