-- purpose: resolve an Open311 address_string that names a community (社区) to a point inside it;
--   the name must match exactly (Chinese name, or English name ignoring case).
-- parameters: $1 text the address_string, trimmed.
-- SRID: 4326 (the point on the community's surface, lon/lat).
SELECT a.code, ST_X(p.pt) AS lon, ST_Y(p.pt) AS lat
FROM admin_area a
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(a.geom) AS pt) p
WHERE a.level = 'community'
  AND (a.name = $1 OR lower(a.name_en) = lower($1))
LIMIT 2
