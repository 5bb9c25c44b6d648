-- purpose: likely duplicates of a new report: open cases of the same category within a distance
--   and a time window, nearest first, in the reader's scope.
-- parameters: $1 text category, $2 float8 lon, $3 float8 lat, $4 timestamptz reported at,
--   $5 float8 radius in metres, $6 float8 window in hours, $7 text[] open states,
--   $8 text[] scope (NULL = whole district), $9 int limit.
-- SRID: 4326; distances on the geography (metres).
WITH here AS (
  -- why: one point, cast once, for the index pre-filter and the exact test.
  SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS g
)
SELECT i.id, i.number, i.state, i.category_code AS "categoryCode",
       i.reported_at AS "reportedAt", i.subdistrict_code AS "subdistrictCode",
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       ST_Distance(i.geom::geography, here.g::geography) AS "distanceM"
FROM incident i, here
WHERE i.category_code = $1
  AND i.state = ANY ($7::text[])
  AND i.reported_at BETWEEN $4::timestamptz - make_interval(secs => $6 * 3600)
                        AND $4::timestamptz + make_interval(secs => $6 * 3600)
  -- why: the GiST index on geom narrows by box (1° latitude ≥ 110 km) before the exact test.
  AND i.geom && ST_Expand(here.g, $5 / 80000.0)
  AND ST_DWithin(i.geom::geography, here.g::geography, $5)
  AND ($8::text[] IS NULL OR i.subdistrict_code = ANY ($8::text[]))
ORDER BY "distanceM", i.id
LIMIT $9
