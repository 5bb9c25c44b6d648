-- purpose: the admin-area outlines of one level as GeoJSON feature parts for the map (a small
--   layer: 1 district, ~14 subdistricts, ~100-200 communities), with a label point per area.
-- parameters: $1 level text: 'district' | 'subdistrict' | 'community' (validated by the caller).
-- SRID: 4326 in and out. Coordinates are rounded to 6 decimals (~0.1 m). Community outlines are
--   simplified by 1e-5 degrees (~1 m): invisible at street zoom, fewer bytes on the wire.
-- Ordered by code so that the same data always serialises to the same bytes (the ETag relies on it).
WITH area AS (
  -- why: one level only; rows are few, so the level filter needs no index.
  SELECT code, name, name_en, level, parent_code,
         CASE WHEN level = 'community' THEN ST_SimplifyPreserveTopology(geom, 0.00001) ELSE geom END AS geom
    FROM admin_area
   WHERE level = $1
),
labelled AS (
  -- why: a label must sit inside its area; a centroid can fall outside a concave or split one.
  SELECT area.*, ST_PointOnSurface(geom) AS label
    FROM area
)
SELECT code,
       name,
       name_en AS "nameEn",
       level,
       parent_code AS "parentCode",
       round(ST_X(label)::numeric, 6)::float8 AS "labelLon",
       round(ST_Y(label)::numeric, 6)::float8 AS "labelLat",
       ST_AsGeoJSON(geom, 6)::json AS geometry
  FROM labelled
 ORDER BY code
