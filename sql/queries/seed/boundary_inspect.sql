-- purpose: inspect a boundary as delivered, before storing it: is it valid, and if not, why.
-- parameters: $1 text: a GeoJSON geometry (Polygon or MultiPolygon, lon/lat).
-- SRID: 4326 (GeoJSON is lon/lat); area in m² on the spheroid (geography).
SELECT
  ST_IsValid(g) AS valid,
  ST_IsValidReason(g) AS reason,
  ST_NPoints(g) AS vertices,
  ST_Area(g::geography) AS area_m2
FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1::text), 4326) AS g) AS input
