-- purpose: a regular lattice of points inside every area of a level, used to place the seeds of
--   the level below evenly (the generator clusters these points).
-- parameters: $1 text level, $2 float8 spacing in metres.
-- SRID: lattice laid out in EPSG:32650 (UTM 50N, metres); points returned in 4326.
SELECT a.code, ST_X(p.pt) AS lon, ST_Y(p.pt) AS lat
FROM admin_area a
CROSS JOIN LATERAL ST_SquareGrid($2::float8, ST_Transform(a.geom, 32650)) AS g
CROSS JOIN LATERAL (SELECT ST_Transform(ST_Centroid(g.geom), 4326) AS pt) AS p
WHERE a.level = $1::text
  AND ST_Intersects(a.geom, p.pt)
ORDER BY a.code, g.j DESC, g.i
