-- purpose: one grid cell's numbers for the map's side panel (no personal data: the grid
--   worker is not named). Case counts only where the caller may read cases (NULL otherwise).
-- parameters: $1 text cell code, $2 timestamptz window start, $3 timestamptz window end
--   (exclusive), $4 boolean the caller may read cases, $5 text[] open states, $6 text[] the
--   caller's subdistricts (NULL = all): case counts only for a cell in them.
-- SRID: 4326; lon/lat of the centroid rounded to 6 decimals.
SELECT g.code,
       g.community_code AS community,
       cm.name AS "communityName",
       g.subdistrict_code AS subdistrict,
       sd.name AS "subdistrictName",
       g.residents,
       g.aged60 AS age60,
       CASE WHEN g.residents > 0 THEN round(g.aged60::numeric / g.residents, 4)::float8 END AS "age60Share",
       CASE WHEN v.visible THEN (SELECT count(*)::int FROM incident i
                           WHERE i.grid_cell_id = g.id AND i.state <> 'merged'
                             AND i.reported_at >= $2 AND i.reported_at < $3) END AS incidents,
       CASE WHEN v.visible THEN (SELECT count(*)::int FROM incident i
                           WHERE i.grid_cell_id = g.id AND i.state = ANY ($5::text[])) END AS "openIncidents",
       round(ST_X(g.centroid)::numeric, 6)::float8 AS lon,
       round(ST_Y(g.centroid)::numeric, 6)::float8 AS lat
  FROM grid_cell g
  JOIN admin_area cm ON cm.code = g.community_code
  JOIN admin_area sd ON sd.code = g.subdistrict_code
  CROSS JOIN LATERAL (
    SELECT $4 AND ($6::text[] IS NULL OR g.subdistrict_code = ANY ($6::text[])) AS visible
  ) AS v
 WHERE g.code = $1
