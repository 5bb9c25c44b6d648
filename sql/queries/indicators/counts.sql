-- purpose: every case count behind the leaders' indicators (DOMAIN.md "Indicators"), for each
--   admin area of one level (or of both), for the current period and the one before it, in one
--   pass over the cases; plus the service figures (residents, elderly, staff, meal-service coverage).
--   Counts are cohorts, so every numerator is a subset of its denominator:
--   accepted = reported in the period, duplicates merged into another case excluded;
--   filed / dispatched = of those, filed / dispatched before the period ended;
--   responded = of those, first accepted by the handling unit within $6 hours of the report;
--   resolved = of those, closed before the period ended; rated / satisfied = of those, rated
--   (satisfied: 4 or 5 of 5) before the period ended;
--   due = handling deadline (due_at) in the period; closed / closedOnTime = of those, closed
--   (on time) before the period ended; reworked = of those, reworked at least once; extended =
--   of those, granted an extension.
-- parameters: $1 text level ('subdistrict' | 'community' | 'all' for both, from the same pass); $2 timestamptz start of the period;
--   $3 timestamptz end of the period (exclusive); $4 timestamptz start of the previous period
--   (it ends at $2); $5 text[] subdistrict codes in scope, NULL for the whole district;
--   $6 float8 response limit in hours; $7 text parent subdistrict to list the communities of,
--   NULL for all; $8 float8 coverage radius in straight-line metres; $9 float8 that radius in
--   degrees of latitude with a margin (index prefilter); $10 text service type for coverage.
-- SRID: 4326; coverage distances on the sphere (geography, use_spheroid = false).
WITH area AS (
  -- why: the areas listed, in scope, so that an area with no cases still gets its zero row
  SELECT a.code, a.level, a.name, a.name_en, a.parent_code, a.staff_count
    FROM admin_area a
   WHERE (a.level = $1 OR ($1 = 'all' AND a.level IN ('subdistrict', 'community')))
     AND ($5::text[] IS NULL
          OR (CASE WHEN a.level = 'subdistrict' THEN a.code ELSE a.parent_code END) = ANY ($5::text[]))
     AND ($7::text IS NULL OR a.parent_code = $7 OR a.code = $7)
),
cased AS (
  -- why: one pass over the cases that touch either period (reported or due in it), each case's
  -- cohort and outcome flags worked out once, for both periods ("c" current, "p" previous)
  SELECT i.subdistrict_code, i.community_code,
         (i.reported_at >= $2 AND i.reported_at < $3) AS acc_c,
         (i.reported_at >= $4 AND i.reported_at < $2) AS acc_p,
         coalesce(i.due_at >= $2 AND i.due_at < $3, false) AS due_c,
         coalesce(i.due_at >= $4 AND i.due_at < $2, false) AS due_p,
         coalesce(i.filed_at < $3, false) AS filed_c,
         coalesce(i.filed_at < $2, false) AS filed_p,
         coalesce(i.filed_at < $3 AND i.dispatched_at < $3, false) AS disp_c,
         coalesce(i.filed_at < $2 AND i.dispatched_at < $2, false) AS disp_p,
         coalesce(i.responded_at <= i.reported_at + make_interval(secs => $6 * 3600), false) AS in_time,
         coalesce(i.responded_at < $3, false) AS resp_c,
         coalesce(i.responded_at < $2, false) AS resp_p,
         coalesce(i.state = 'closed' AND i.closed_at < $3, false) AS closed_c,
         coalesce(i.state = 'closed' AND i.closed_at < $2, false) AS closed_p,
         coalesce(i.closed_on_time, false) AS on_time,
         coalesce(i.rated_at < $3 AND i.rating IS NOT NULL, false) AS rated_c,
         coalesce(i.rated_at < $2 AND i.rating IS NOT NULL, false) AS rated_p,
         coalesce(i.rating >= 4, false) AS satisfied,
         i.rework_count > 0 AS reworked,
         i.extended
    FROM incident i
   WHERE i.state <> 'merged'
     AND ((i.reported_at >= $4 AND i.reported_at < $3) OR (i.due_at >= $4 AND i.due_at < $3))
     AND ($5::text[] IS NULL OR i.subdistrict_code = ANY ($5::text[]))
),
by_community AS (
  -- why: one plain aggregate per community (parallel-friendly); subdistricts are summed from it
  SELECT c.subdistrict_code, c.community_code,
         count(*) FILTER (WHERE acc_c)::int AS accepted_c,
         count(*) FILTER (WHERE acc_p)::int AS accepted_p,
         count(*) FILTER (WHERE acc_c AND filed_c)::int AS filed_c,
         count(*) FILTER (WHERE acc_p AND filed_p)::int AS filed_p,
         count(*) FILTER (WHERE acc_c AND disp_c)::int AS dispatched_c,
         count(*) FILTER (WHERE acc_p AND disp_p)::int AS dispatched_p,
         count(*) FILTER (WHERE acc_c AND in_time AND resp_c)::int AS responded_c,
         count(*) FILTER (WHERE acc_p AND in_time AND resp_p)::int AS responded_p,
         count(*) FILTER (WHERE acc_c AND closed_c)::int AS resolved_c,
         count(*) FILTER (WHERE acc_p AND closed_p)::int AS resolved_p,
         count(*) FILTER (WHERE acc_c AND rated_c)::int AS rated_c,
         count(*) FILTER (WHERE acc_p AND rated_p)::int AS rated_p,
         count(*) FILTER (WHERE acc_c AND rated_c AND satisfied)::int AS satisfied_c,
         count(*) FILTER (WHERE acc_p AND rated_p AND satisfied)::int AS satisfied_p,
         count(*) FILTER (WHERE due_c)::int AS due_c,
         count(*) FILTER (WHERE due_p)::int AS due_p,
         count(*) FILTER (WHERE due_c AND closed_c)::int AS closed_c,
         count(*) FILTER (WHERE due_p AND closed_p)::int AS closed_p,
         count(*) FILTER (WHERE due_c AND closed_c AND on_time)::int AS on_time_c,
         count(*) FILTER (WHERE due_p AND closed_p AND on_time)::int AS on_time_p,
         count(*) FILTER (WHERE due_c AND reworked)::int AS reworked_c,
         count(*) FILTER (WHERE due_p AND reworked)::int AS reworked_p,
         count(*) FILTER (WHERE due_c AND extended)::int AS extended_c,
         count(*) FILTER (WHERE due_p AND extended)::int AS extended_p
    FROM cased c
   GROUP BY c.subdistrict_code, c.community_code
),
counts AS (
  -- why: counts add up, so a subdistrict is the sum of its communities (both levels, one scan);
  -- the codes of the two levels never collide
  SELECT community_code AS code,
         accepted_c,
         accepted_p,
         filed_c,
         filed_p,
         dispatched_c,
         dispatched_p,
         responded_c,
         responded_p,
         resolved_c,
         resolved_p,
         rated_c,
         rated_p,
         satisfied_c,
         satisfied_p,
         due_c,
         due_p,
         closed_c,
         closed_p,
         on_time_c,
         on_time_p,
         reworked_c,
         reworked_p,
         extended_c,
         extended_p
    FROM by_community
   WHERE community_code IS NOT NULL
  UNION ALL
  SELECT subdistrict_code,
         sum(accepted_c)::int AS accepted_c,
         sum(accepted_p)::int AS accepted_p,
         sum(filed_c)::int AS filed_c,
         sum(filed_p)::int AS filed_p,
         sum(dispatched_c)::int AS dispatched_c,
         sum(dispatched_p)::int AS dispatched_p,
         sum(responded_c)::int AS responded_c,
         sum(responded_p)::int AS responded_p,
         sum(resolved_c)::int AS resolved_c,
         sum(resolved_p)::int AS resolved_p,
         sum(rated_c)::int AS rated_c,
         sum(rated_p)::int AS rated_p,
         sum(satisfied_c)::int AS satisfied_c,
         sum(satisfied_p)::int AS satisfied_p,
         sum(due_c)::int AS due_c,
         sum(due_p)::int AS due_p,
         sum(closed_c)::int AS closed_c,
         sum(closed_p)::int AS closed_p,
         sum(on_time_c)::int AS on_time_c,
         sum(on_time_p)::int AS on_time_p,
         sum(reworked_c)::int AS reworked_c,
         sum(reworked_p)::int AS reworked_p,
         sum(extended_c)::int AS extended_c,
         sum(extended_p)::int AS extended_p
    FROM by_community
   WHERE subdistrict_code IS NOT NULL
   GROUP BY subdistrict_code
),
cell AS (
  -- why: demand sits at the cell centroid, as in the planners' analysis; a cell is covered when
  -- a point of the service lies within the radius (bounding box first, for the GiST index)
  SELECT g.subdistrict_code, g.community_code, g.residents, g.aged60,
         EXISTS (
           SELECT 1 FROM service_point s
            WHERE s.type = $10 AND s.status = 'active'
              AND s.geom && ST_Expand(g.centroid, $9 / greatest(cos(radians(abs(ST_Y(g.centroid)) + $9)), 0.01), $9)
              AND ST_DWithin(g.centroid::geography, s.geom::geography, $8, false)
         ) AS covered
    FROM grid_cell g
   WHERE $5::text[] IS NULL OR g.subdistrict_code = ANY ($5::text[])
),
people AS (
  SELECT CASE WHEN grouping(community_code) = 1 THEN subdistrict_code ELSE community_code END AS code,
         sum(residents)::int AS residents,
         sum(aged60)::int AS aged60,
         coalesce(sum(aged60) FILTER (WHERE covered), 0)::int AS aged60_covered
    FROM cell
   GROUP BY GROUPING SETS ((subdistrict_code), (community_code))
)
SELECT a.code,
       a.level,
       a.name,
       a.name_en AS "nameEn",
       a.parent_code AS "parentCode",
       v.period,
       coalesce(v.accepted, 0) AS accepted,
       coalesce(v.filed, 0) AS filed,
       coalesce(v.dispatched, 0) AS dispatched,
       coalesce(v.due, 0) AS due,
       coalesce(v.closed, 0) AS closed,
       coalesce(v.closed_on_time, 0) AS "closedOnTime",
       coalesce(v.reworked, 0) AS reworked,
       coalesce(v.extended, 0) AS extended,
       coalesce(v.responded, 0) AS responded,
       coalesce(v.resolved, 0) AS resolved,
       coalesce(v.rated, 0) AS rated,
       coalesce(v.satisfied, 0) AS satisfied,
       coalesce(pe.residents, 0) AS residents,
       coalesce(pe.aged60, 0) AS aged60,
       coalesce(pe.aged60_covered, 0) AS "aged60Covered",
       a.staff_count AS "staffCount"
  FROM area a
  LEFT JOIN counts c ON c.code = a.code
  LEFT JOIN people pe ON pe.code = a.code
 CROSS JOIN LATERAL (
   -- why: one row per period; an area without cases gets NULLs, shown as 0
   VALUES ('current', c.accepted_c, c.filed_c, c.dispatched_c, c.due_c, c.closed_c, c.on_time_c,
           c.reworked_c, c.extended_c, c.responded_c, c.resolved_c, c.rated_c, c.satisfied_c),
          ('previous', c.accepted_p, c.filed_p, c.dispatched_p, c.due_p, c.closed_p, c.on_time_p,
           c.reworked_p, c.extended_p, c.responded_p, c.resolved_p, c.rated_p, c.satisfied_p)
 ) AS v (period, accepted, filed, dispatched, due, closed, closed_on_time, reworked, extended,
         responded, resolved, rated, satisfied)
 ORDER BY a.code, v.period
