-- purpose: the PostGIS oracle for coverage: for every grid cell in scope, the great-circle
--   distance to the nearest service point of a type within the radius (NULL when none is), the
--   same question the in-memory engine answers. A cell is covered when the distance is not NULL.
-- parameters: $1 text service type; $2 text[] statuses that count ('active', 'planned');
--   $3 float8 radius in straight-line metres (walking radius / detour); $4 text segment
--   ('all' | 'age60' | 'age80' | 'alone'); $5 text[] subdistrict codes in scope, NULL for all;
--   $6 float8 the radius in degrees of latitude, with a margin (for the index prefilter).
-- SRID: 4326; distances on the sphere (geography, use_spheroid = false), like haversine.
WITH demand AS (
  -- why: the segment picks a column through a CASE, never by building SQL from input
  SELECT g.id,
         g.centroid,
         CASE $4::text
           WHEN 'all' THEN g.residents
           WHEN 'age60' THEN g.aged60
           WHEN 'age80' THEN g.aged80
           WHEN 'alone' THEN g.alone_elderly
         END AS weight
  FROM grid_cell g
  WHERE $5::text[] IS NULL OR g.subdistrict_code = ANY ($5::text[])
)
SELECT d.id,
       d.weight,
       n.distance
FROM demand d
LEFT JOIN LATERAL (
  -- why: the bounding-box test uses the GiST index on geom before the exact sphere test
  SELECT min(ST_Distance(d.centroid::geography, s.geom::geography, false)) AS distance
  FROM service_point s
  WHERE s.type = $1
    AND s.status = ANY ($2::text[])
    AND s.geom && ST_Expand(d.centroid, $6 / greatest(cos(radians(abs(ST_Y(d.centroid)) + $6)), 0.01), $6)
    AND ST_DWithin(d.centroid::geography, s.geom::geography, $3, false)
) n ON true
ORDER BY d.id
