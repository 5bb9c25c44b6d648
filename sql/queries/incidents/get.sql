-- purpose: one case with its location, if it is in the reader's scope.
-- parameters: $1 int8 incident id, $2 text[] scope (NULL = whole district).
-- SRID: 4326 (lon/lat in degrees).
SELECT i.id, i.number, i.tracking_code AS "trackingCode", i.category_code AS "categoryCode",
       i.source, i.state, i.priority, i.description, i.address,
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       i.grid_cell_id AS "gridCellId", i.community_code AS "communityCode",
       i.subdistrict_code AS "subdistrictCode", i.department_code AS "departmentCode",
       i.merged_into AS "mergedInto", i.stage, i.stage_started_at AS "stageStartedAt",
       i.deadline_at AS "deadlineAt", i.due_at AS "dueAt", i.reported_at AS "reportedAt",
       i.filed_at AS "filedAt", i.dispatched_at AS "dispatchedAt",
       i.responded_at AS "respondedAt", i.handled_at AS "handledAt", i.closed_at AS "closedAt",
       i.closed_on_time AS "closedOnTime", i.rework_count AS "reworkCount",
       i.return_count AS "returnCount", i.extended, i.version, i.updated_at AS "updatedAt"
FROM incident i
WHERE i.id = $1
  AND ($2::text[] IS NULL OR i.subdistrict_code = ANY ($2::text[]))
