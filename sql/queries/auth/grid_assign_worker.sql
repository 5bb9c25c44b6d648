-- purpose: make a user the grid worker of one grid cell (the demo's grid worker).
-- parameters: $1 user id, $2 grid cell code (NULL = the first cell by code). SRID: n/a.
UPDATE grid_cell
SET grid_worker_id = $1
WHERE id = (SELECT id FROM grid_cell WHERE $2::text IS NULL OR code = $2 ORDER BY code LIMIT 1)
RETURNING id, code
