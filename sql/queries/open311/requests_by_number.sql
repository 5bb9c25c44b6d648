-- purpose: Open311 GET requests by case number (service_request_id, one or a comma list; GET
--   requests/{id}). The same public fields as open311/requests: nothing personal, the exact
--   point only for rounding in code.
-- parameters: $1 text[] case numbers, $2 text[] major classes never listed publicly (welfare
--   cases point at vulnerable people).
-- SRID: 4326 (lon/lat of the case's point).
SELECT i.number, i.category_code AS "categoryCode", c.name AS "categoryZh",
       c.name_en AS "categoryEn", i.state, m.number AS "mergedInto", i.stage,
       i.stage_started_at AS "stageStartedAt", i.deadline_at AS "deadlineAt", i.due_at AS "dueAt",
       i.reported_at AS "reportedAt", i.updated_at AS "updatedAt", i.closed_at AS "closedAt",
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
FROM incident i
JOIN category c ON c.code = i.category_code
LEFT JOIN incident m ON m.id = i.merged_into
WHERE i.number = ANY ($1::text[])
  AND c.parent_code <> ALL ($2::text[])
ORDER BY i.reported_at DESC, i.id DESC
