-- purpose: points at given fractions along basemap lines (water-quality probes along rivers),
--   with the grid cell each falls in. A line clipped into several parts uses its longest part.
-- parameters: $1 int[] basemap_feature ids, $2 float8[] fractions (0..1), one pair per point.
-- SRID: 4326.
WITH
want AS (
  SELECT u.feature_id, u.fraction, u.ord
  FROM unnest($1::int[], $2::float8[]) WITH ORDINALITY AS u(feature_id, fraction, ord)
),
-- why: ST_LineInterpolatePoint needs a single LineString
line AS (
  SELECT b.id,
         (SELECT d.geom FROM ST_Dump(b.geom) AS d ORDER BY ST_Length(d.geom) DESC, d.path LIMIT 1) AS geom
  FROM basemap_feature b
  WHERE b.id IN (SELECT feature_id FROM want)
),
pt AS (
  SELECT w.ord, ST_LineInterpolatePoint(l.geom, w.fraction) AS geom
  FROM want w
  JOIN line l ON l.id = w.feature_id
)
SELECT pt.ord::int AS ord, ST_X(pt.geom) AS lon, ST_Y(pt.geom) AS lat, c.id AS cell_id
FROM pt
LEFT JOIN LATERAL (
  SELECT g.id FROM grid_cell g
  WHERE g.geom && pt.geom AND ST_Intersects(g.geom, pt.geom)
  ORDER BY g.id
  LIMIT 1
) AS c ON true
ORDER BY pt.ord
