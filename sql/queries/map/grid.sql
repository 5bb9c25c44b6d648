-- purpose: the grid-cell choropleth layer: every cell (of the chosen subdistricts) with its
--   residents, elderly share and its cases: reported in the window and open now. Case counts only
--   where the caller may read cases (NULL elsewhere).
-- parameters: $1 timestamptz window start, $2 timestamptz window end (exclusive), $3 text[]
--   subdistricts to list (NULL = all), $4 text[] subdistricts whose case counts the caller may
--   see (NULL = all), $5 boolean the caller may see case counts at all, $6 text[] open states.
-- SRID: 4326 in and out; coordinates rounded to 6 decimals. Ordered by code (stable ETag).
WITH cell AS (
  SELECT g.id, g.code, g.community_code, g.subdistrict_code, g.residents, g.aged60, g.geom
    FROM grid_cell g
   WHERE $3::text[] IS NULL OR g.subdistrict_code = ANY ($3::text[])
),
counted AS (
  -- why: one pass over the cases that are either in the window or open, grouped by cell.
  SELECT i.grid_cell_id,
         count(*) FILTER (WHERE i.reported_at >= $1 AND i.reported_at < $2 AND i.state <> 'merged') AS incidents,
         count(*) FILTER (WHERE i.state = ANY ($6::text[])) AS open_incidents
    FROM incident i
   WHERE $5
     AND i.grid_cell_id IN (SELECT id FROM cell)
     AND ((i.reported_at >= $1 AND i.reported_at < $2) OR i.state = ANY ($6::text[]))
   GROUP BY i.grid_cell_id
)
SELECT c.code,
       c.community_code AS community,
       c.subdistrict_code AS subdistrict,
       c.residents,
       c.aged60 AS age60,
       CASE WHEN c.residents > 0 THEN round(c.aged60::numeric / c.residents, 4)::float8 END AS "age60Share",
       CASE WHEN visible THEN coalesce(n.incidents, 0)::int END AS incidents,
       CASE WHEN visible AND c.residents > 0
            THEN round(coalesce(n.incidents, 0) * 1000.0 / c.residents, 2)::float8 END AS "incidentsPer1000",
       CASE WHEN visible THEN coalesce(n.open_incidents, 0)::int END AS "openIncidents",
       ST_AsGeoJSON(c.geom, 6)::json AS geometry
  FROM cell c
  LEFT JOIN counted n ON n.grid_cell_id = c.id,
       LATERAL (SELECT $5 AND ($4::text[] IS NULL OR c.subdistrict_code = ANY ($4::text[])) AS visible) AS v
 ORDER BY c.code
