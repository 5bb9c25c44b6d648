-- purpose: store the sketched basemap (rivers, lakes, main roads, parks), clipped to the district.
-- parameters: $1 text[] kinds, $2 text[] names, $3 text[] English names, $4 text[] GeoJSON
--   geometries (LineString or Polygon), $5 float8 precision grid size in degrees.
-- SRID: 4326.
WITH
sketch AS (
  SELECT u.ord, u.kind, u.name, u.name_en, ST_SetSRID(ST_GeomFromGeoJSON(u.geojson), 4326) AS g
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
    AS u(kind, name, name_en, geojson, ord)
),
-- why: a feature sketched past the border keeps only its part inside the district; lines stay
--   lines and areas stay areas (an overlay can also return stray points)
clipped AS (
  SELECT s.ord, s.kind, s.name, s.name_en,
         ST_CollectionExtract(ST_Intersection(s.g, d.geom, $5::float8),
                              CASE WHEN s.kind IN ('lake', 'park') THEN 3 ELSE 2 END) AS geom
  FROM sketch s
  JOIN admin_area d ON d.level = 'district'
)
INSERT INTO basemap_feature (kind, name, name_en, geom)
SELECT kind, name, name_en, geom
FROM clipped
WHERE NOT ST_IsEmpty(geom)
ORDER BY ord
RETURNING id, kind, name
