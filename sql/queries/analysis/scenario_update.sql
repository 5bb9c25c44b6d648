-- purpose: replaces a planner scenario's name, service type, params and changes.
-- parameters: $1 integer id; $2 text name; $3 text service type; $4 jsonb params;
--   $5 jsonb changes. SRID: n/a.
UPDATE scenario
SET name = $2,
    service_type = $3,
    params = $4::jsonb,
    changes = $5::jsonb,
    updated_at = now()
WHERE id = $1
RETURNING id,
          name,
          service_type AS "serviceType",
          params,
          changes,
          owner_id AS "ownerId",
          created_at AS "createdAt",
          updated_at AS "updatedAt"
