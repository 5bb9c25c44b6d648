-- purpose: one planner scenario with its changes.
-- parameters: $1 integer scenario id. SRID: n/a (points are lon/lat degrees inside the jsonb).
SELECT s.id,
       s.name,
       s.service_type AS "serviceType",
       s.params,
       s.changes,
       s.owner_id AS "ownerId",
       s.created_at AS "createdAt",
       s.updated_at AS "updatedAt"
FROM scenario s
WHERE s.id = $1
