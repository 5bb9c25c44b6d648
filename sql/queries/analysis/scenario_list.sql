-- purpose: the saved planner scenarios, newest first, without their change lists.
-- parameters: none. SRID: n/a.
SELECT s.id,
       s.name,
       s.service_type AS "serviceType",
       s.params,
       s.owner_id AS "ownerId",
       s.created_at AS "createdAt",
       s.updated_at AS "updatedAt"
FROM scenario s
ORDER BY s.updated_at DESC, s.id DESC
LIMIT 500
