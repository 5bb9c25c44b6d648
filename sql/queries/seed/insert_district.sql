-- purpose: store the district boundary, repaired: ST_MakeValid, keep only the polygonal part
--   (a self-intersecting ring can also yield collapsed line pieces), as a MultiPolygon, with
--   coordinates on the seed's precision grid (see insert_areas_voronoi.sql for why).
-- parameters: $1 text GeoJSON geometry, $2 text 12-digit code, $3 text name, $4 text name_en,
--   $5 float8 precision grid size in degrees.
-- SRID: 4326; area in m² on the spheroid.
WITH
-- why: GeoJSON carries no SRID; the boundary file is lon/lat
input AS (
  SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g
),
-- why: geom_ok() rejects invalid geometry, so repair first and keep polygons only
repaired AS (
  SELECT ST_Multi(ST_CollectionExtract(ST_ReducePrecision(ST_MakeValid(g), $5::float8), 3)) AS g FROM input
)
INSERT INTO admin_area (code, level, parent_code, name, name_en, geom)
SELECT $2::text, 'district', NULL, $3::text, $4::text, g FROM repaired
RETURNING
  ST_IsValid(geom) AS valid,
  ST_NumGeometries(geom) AS parts,
  ST_Area(geom::geography) AS area_m2,
  ST_XMin(geom) AS xmin,
  ST_YMin(geom) AS ymin,
  ST_XMax(geom) AS xmax,
  ST_YMax(geom) AS ymax
