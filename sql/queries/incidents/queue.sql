-- purpose: the work queue, most pressing deadline first. Overdue cases (deadline passed) sort
--   first by nature and are never filtered out by the urgency filter unless asked for.
-- parameters: $1 text[] states, $2 text category (NULL = any; a 3-digit major matches its
--   subcategories), $3 text department (NULL = any), $4 text subdistrict (NULL = any),
--   $5 text[] scope (NULL = whole district), $6 int limit, $7 int offset, $8 timestamptz now,
--   $9 text deadline filter (NULL = any, 'overdue' = past $8, 'running' = not past $8).
-- SRID: 4326 (lon/lat in degrees).
SELECT i.id, i.number, i.category_code AS "categoryCode", i.state, i.priority,
       i.subdistrict_code AS "subdistrictCode", i.department_code AS "departmentCode",
       i.stage, i.stage_started_at AS "stageStartedAt", i.deadline_at AS "deadlineAt",
       i.reported_at AS "reportedAt", i.version, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       count(*) OVER () AS total
FROM incident i
WHERE i.state = ANY ($1::text[])
  AND ($2::text IS NULL OR i.category_code = $2 OR left(i.category_code, 3) = $2)
  AND ($3::text IS NULL OR i.department_code = $3)
  AND ($4::text IS NULL OR i.subdistrict_code = $4)
  AND ($5::text[] IS NULL OR i.subdistrict_code = ANY ($5::text[]))
  AND ($9::text IS NULL
       OR ($9 = 'overdue' AND i.deadline_at < $8::timestamptz)
       OR ($9 = 'running' AND i.deadline_at >= $8::timestamptz))
ORDER BY i.deadline_at NULLS LAST, i.priority, i.id
LIMIT $6 OFFSET $7
