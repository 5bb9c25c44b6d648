-- purpose: create admin areas (subdistricts or communities) that tile their parents exactly:
--   the Voronoi diagram of seed points, one diagram per parent, clipped to the parent.
-- parameters: $1 text level ('subdistrict' | 'community'), $2 text[] codes, $3 text[] parent
--   codes, $4 text[] names, $5 text[] English names, $6 float8[] seed lon, $7 float8[] seed lat,
--   $8 float8 precision grid size in degrees.
-- SRID: 4326 throughout; the diagram only places borders, so planar lon/lat is good enough.
-- Overlays use a fixed precision grid (snap-rounding): always robust, and neighbours share
-- identical vertices. Without it GEOS may need its exception-driven fallback, which PGlite's
-- WASM build cannot run: the statement then returns no rows instead of an error
-- (https://github.com/electric-sql/pglite/issues/916).
WITH
seed AS (
  SELECT u.code, u.parent_code, u.name, u.name_en,
         ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326) AS pt
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[])
    AS u(code, parent_code, name, name_en, lon, lat)
),
-- why: one diagram per parent, extended well past it so every part of the parent is covered
diagram AS (
  SELECT s.parent_code, p.geom AS parent_geom,
         ST_VoronoiPolygons(ST_Collect(s.pt), 0, ST_Expand(ST_Envelope(p.geom), 0.05)) AS cells
  FROM seed s
  JOIN admin_area p ON p.code = s.parent_code
  GROUP BY s.parent_code, p.geom
),
cell AS (
  SELECT d.parent_code, d.parent_geom, c.geom
  FROM diagram d, LATERAL ST_Dump(d.cells) AS c
),
-- why: a Voronoi cell holds exactly its own seed; match by containment, not by output order
matched AS (
  SELECT s.code, s.parent_code, s.name, s.name_en,
         ST_Multi(ST_CollectionExtract(ST_Intersection(c.parent_geom, c.geom, $8::float8), 3)) AS geom
  FROM seed s
  JOIN cell c ON c.parent_code = s.parent_code AND ST_Intersects(c.geom, s.pt)
)
INSERT INTO admin_area (code, level, parent_code, name, name_en, geom)
SELECT code, $1::text, parent_code, name, name_en, geom
FROM matched
WHERE NOT ST_IsEmpty(geom)
ORDER BY code
RETURNING code, parent_code, ST_Area(geom::geography) AS area_m2
