-- purpose: the map's search box: grid cells by code prefix, cases by number prefix (only for
--   callers who may read cases, within their scope), service points by name substring; at most
--   $5 hits in that order, each with where to fly to.
-- parameters: $1 text code/number prefix with LIKE wildcards escaped (NULL = none),
--   $2 text case-number prefix, upper case, escaped (NULL = do not search cases),
--   $3 text[] subdistricts whose cases may be found (NULL = all), $4 text name with LIKE
--   wildcards escaped, $5 int limit. A grid hit's id is its code; the others' their numeric id.
-- SRID: 4326; lon/lat rounded to 6 decimals.
WITH grid AS (
  -- why: the text_pattern_ops index serves the prefix match.
  SELECT 'grid' AS kind, g.code AS id, g.code || ' ' || cm.name AS label,
         ST_X(g.centroid) AS lon, ST_Y(g.centroid) AS lat, 1 AS rank, g.code AS sort
    FROM grid_cell g JOIN admin_area cm ON cm.code = g.community_code
   WHERE $1::text IS NOT NULL AND g.code LIKE $1 || '%'
   ORDER BY g.code
   LIMIT $5
),
cases AS (
  SELECT 'incident' AS kind, i.id::text AS id, i.number || ' ' || c.name AS label,
         ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, 2 AS rank, i.number AS sort
    FROM incident i JOIN category c ON c.code = i.category_code
   WHERE $2::text IS NOT NULL AND i.number LIKE $2 || '%'
     AND ($3::text[] IS NULL OR i.subdistrict_code = ANY ($3::text[]))
   ORDER BY i.number
   LIMIT $5
),
points AS (
  SELECT 'service_point' AS kind, s.id::text AS id, s.name AS label,
         ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, 3 AS rank, s.name AS sort
    FROM service_point s
   WHERE s.status <> 'closed'
     AND (s.name ILIKE '%' || $4 || '%' OR s.name_en ILIKE '%' || $4 || '%')
   ORDER BY s.name
   LIMIT $5
)
SELECT kind, id, label, round(lon::numeric, 6)::float8 AS lon, round(lat::numeric, 6)::float8 AS lat
  FROM (SELECT * FROM grid UNION ALL SELECT * FROM cases UNION ALL SELECT * FROM points) AS hit
 ORDER BY rank, sort
 LIMIT $5
