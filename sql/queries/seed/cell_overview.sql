-- purpose: every grid cell with what the generator needs to spread people and things over it:
--   its centroid, bounding box, area, and the share of it covered by water and by parks.
-- parameters: $1 float8 precision grid size in degrees (for the snap-rounded overlays).
-- SRID: 4326; areas in m² on the spheroid.
SELECT
  g.id,
  g.code,
  g.community_code,
  g.subdistrict_code,
  ST_X(g.centroid) AS lon,
  ST_Y(g.centroid) AS lat,
  ST_XMin(g.geom) AS xmin,
  ST_YMin(g.geom) AS ymin,
  ST_XMax(g.geom) AS xmax,
  ST_YMax(g.geom) AS ymax,
  ST_Area(g.geom::geography) AS area_m2,
  coalesce(w.m2, 0) AS water_m2,
  coalesce(p.m2, 0) AS park_m2
FROM grid_cell g
LEFT JOIN LATERAL (
  SELECT sum(ST_Area(ST_Intersection(g.geom, b.geom, $1::float8)::geography)) AS m2
  FROM basemap_feature b
  WHERE b.kind = 'lake' AND b.geom && g.geom
) AS w ON true
LEFT JOIN LATERAL (
  SELECT sum(ST_Area(ST_Intersection(g.geom, b.geom, $1::float8)::geography)) AS m2
  FROM basemap_feature b
  WHERE b.kind = 'park' AND b.geom && g.geom
) AS p ON true
ORDER BY g.id
