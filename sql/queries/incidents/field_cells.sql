-- purpose: the grid cells a grid worker looks after, with a point inside each (to prefill a report).
-- parameters: $1 int grid worker's user id.
-- SRID: 4326 (lon/lat in degrees).
SELECT g.id, g.code, g.community_code AS "communityCode", g.subdistrict_code AS "subdistrictCode",
       ST_X(g.centroid) AS lon, ST_Y(g.centroid) AS lat
FROM grid_cell g
WHERE g.grid_worker_id = $1
ORDER BY g.code
