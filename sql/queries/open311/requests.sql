-- purpose: Open311 GET requests by window: cases of a category (or any), reported in a window,
--   open or closed (or both), newest first. Only fields that are safe for anyone (as the tracking
--   page): no description, address, contact, department, staff or photos; the exact point is
--   returned for rounding in code (publicLocation) and never leaves the server as is.
-- parameters: $1 text category code (NULL = any), $2 timestamptz window start (inclusive),
--   $3 timestamptz window end (inclusive), $4 text[] states (NULL = any), $5 int row limit,
--   $6 text[] major classes never listed publicly (welfare cases point at vulnerable people).
-- SRID: 4326 (lon/lat of the case's point).
SELECT i.number, i.category_code AS "categoryCode", c.name AS "categoryZh",
       c.name_en AS "categoryEn", i.state, m.number AS "mergedInto", i.stage,
       i.stage_started_at AS "stageStartedAt", i.deadline_at AS "deadlineAt", i.due_at AS "dueAt",
       i.reported_at AS "reportedAt", i.updated_at AS "updatedAt", i.closed_at AS "closedAt",
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
FROM incident i
JOIN category c ON c.code = i.category_code
LEFT JOIN incident m ON m.id = i.merged_into
WHERE ($1::text IS NULL OR i.category_code = $1::text)
  AND i.reported_at BETWEEN $2::timestamptz AND $3::timestamptz
  AND ($4::text[] IS NULL OR i.state = ANY ($4::text[]))
  AND c.parent_code <> ALL ($6::text[])
ORDER BY i.reported_at DESC, i.id DESC
LIMIT $5
