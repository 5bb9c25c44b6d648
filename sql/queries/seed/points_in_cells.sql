-- purpose: of many candidate points, which lie inside the grid cell they were drawn for (and
--   inside that cell's community, so the database's own placement agrees); the generator
--   draws candidates in each cell's bounding box and keeps the first that passes.
-- parameters: $1 int[] request numbers, $2 int[] grid cell ids, $3 float8[] lon, $4 float8[] lat.
-- SRID: 4326.
SELECT u.req
FROM unnest($1::int[], $2::int[], $3::float8[], $4::float8[]) AS u(req, cell_id, lon, lat)
JOIN grid_cell g ON g.id = u.cell_id
JOIN admin_area c ON c.code = g.community_code
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) AS pt) AS p
WHERE ST_Intersects(g.geom, p.pt) AND ST_Intersects(c.geom, p.pt)
