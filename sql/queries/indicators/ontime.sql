-- purpose: how the cases due in a period ended, as of its end: closed on time, closed late by
--   how much (handled after the deadline), or still not closed — the on-time distribution chart.
-- parameters: $1 timestamptz start of the period; $2 timestamptz end (exclusive); $3 text[]
--   subdistrict codes in scope, NULL for all; $4 text an area code (subdistrict or community),
--   NULL for all.
-- SRID: n/a.
WITH due AS (
  SELECT i.*
    FROM incident i
   WHERE i.due_at >= $1 AND i.due_at < $2
     AND i.state <> 'merged'
     AND ($3::text[] IS NULL OR i.subdistrict_code = ANY ($3::text[]))
     AND ($4::text IS NULL OR i.subdistrict_code = $4 OR i.community_code = $4)
),
bucketed AS (
  -- why: lateness is measured on the handling time against the deadline, as closed_on_time is
  SELECT CASE
           WHEN NOT (d.state = 'closed' AND d.closed_at < $2) THEN 'open'
           WHEN d.closed_on_time THEN 'onTime'
           WHEN d.handled_at <= d.due_at + interval '1 day' THEN 'late1d'
           WHEN d.handled_at <= d.due_at + interval '3 days' THEN 'late3d'
           ELSE 'lateMore'
         END AS bucket
    FROM due d
)
SELECT bucket, count(*)::int AS cases
  FROM bucketed
 GROUP BY bucket
 ORDER BY bucket
