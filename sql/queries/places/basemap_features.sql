-- purpose: the basemap drawn from our own data (rivers, lakes, main roads, parks) as GeoJSON
--   feature parts, so the map needs no external tiles.
-- parameters: none.
-- SRID: 4326 in and out; coordinates rounded to 6 decimals (~0.1 m).
-- Ordered by kind and id so that the same data always serialises to the same bytes (ETag).
SELECT id,
       kind,
       name,
       name_en AS "nameEn",
       ST_AsGeoJSON(geom, 6)::json AS geometry
  FROM basemap_feature
 ORDER BY kind, id
