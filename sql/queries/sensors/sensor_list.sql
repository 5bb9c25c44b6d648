-- purpose: the sensors a viewer may see, optionally of one type, with their type's metrics.
-- parameters: $1 text type code or NULL (all types), $2 text[] subdistrict scope or NULL (all).
-- SRID: 4326 (lon/lat of the sensor's point).
SELECT s.id, s.code, s.type, t.metrics, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, s.status
FROM sensor s
JOIN sensor_type t ON t.code = s.type
WHERE ($1::text IS NULL OR s.type = $1::text)
  AND ($2::text[] IS NULL OR s.subdistrict_code = ANY ($2::text[]))
ORDER BY s.id
