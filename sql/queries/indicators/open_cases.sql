-- purpose: open cases that may raise a warning at an instant: those past their current stage
--   deadline by more than a grace period (overdue rule) and those of an urgent category
--   (safety rule), with the subdistrict they lie in.
-- parameters: $1 timestamptz the instant evaluated; $2 float8 grace in hours past the deadline.
-- SRID: n/a.
WITH open_case AS (
  -- why: finished and outstanding (挂账, logged on purpose) cases raise nothing
  SELECT i.id, i.number, i.subdistrict_code, i.deadline_at, i.reported_at, c.urgent
    FROM incident i
    JOIN category c ON c.code = i.category_code
   WHERE i.state NOT IN ('closed', 'rejected', 'merged', 'outstanding')
     AND i.subdistrict_code IS NOT NULL
     AND i.reported_at <= $1
)
SELECT o.id::int AS id,
       o.number,
       o.subdistrict_code AS "subdistrictCode",
       (o.deadline_at IS NOT NULL
         AND o.deadline_at + make_interval(secs => $2 * 3600) < $1) AS overdue,
       o.urgent
  FROM open_case o
 WHERE (o.deadline_at IS NOT NULL AND o.deadline_at + make_interval(secs => $2 * 3600) < $1)
    OR o.urgent
 ORDER BY o.id
