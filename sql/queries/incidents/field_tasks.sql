-- purpose: a grid worker's tasks: cases in their own grid cells in a state where the grid worker
--   acts next (e.g. handled → on-site verification), most pressing deadline first.
-- parameters: $1 int grid worker's user id, $2 text[] states, $3 int limit.
-- SRID: 4326 (lon/lat in degrees).
SELECT i.id, i.number, i.category_code AS "categoryCode", i.state, i.version, i.description,
       i.address, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, i.deadline_at AS "deadlineAt",
       i.handled_at AS "handledAt", g.code AS "gridCode"
FROM incident i
JOIN grid_cell g ON g.id = i.grid_cell_id
WHERE g.grid_worker_id = $1
  AND i.state = ANY ($2::text[])
ORDER BY i.deadline_at NULLS LAST, i.id
LIMIT $3
