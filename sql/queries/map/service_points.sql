-- purpose: the service-points layer: active and planned points (closed ones are not drawn),
--   optionally of some types. Public facilities: no scope restriction.
-- parameters: $1 text[] types (NULL = all).
-- SRID: 4326; coordinates rounded to 6 decimals. Ordered by id (stable ETag).
SELECT s.id, s.name, s.name_en AS "nameEn", s.type, s.status, s.capacity,
       s.subdistrict_code AS subdistrict,
       ST_AsGeoJSON(s.geom, 6)::json AS geometry
  FROM service_point s
 WHERE s.status IN ('active', 'planned')
   AND ($1::text[] IS NULL OR s.type = ANY ($1::text[]))
 ORDER BY s.id
