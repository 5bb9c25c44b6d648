-- purpose: the supply side of coverage analysis, loaded once per data version: every service
--   point that is not closed (active and planned), with its capacity and position.
-- parameters: none. SRID: 4326 (lon/lat degrees).
SELECT s.id,
       s.type,
       s.status,
       s.name,
       s.name_en AS "nameEn",
       s.capacity,
       s.subdistrict_code AS subdistrict,
       ST_X(s.geom) AS lon,
       ST_Y(s.geom) AS lat
FROM service_point s
WHERE s.status <> 'closed'
ORDER BY s.id
