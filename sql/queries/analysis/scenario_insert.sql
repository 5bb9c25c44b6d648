-- purpose: saves a new planner scenario.
-- parameters: $1 text name; $2 integer owner (app_user.id, NULL for the development actor);
--   $3 text service type; $4 jsonb params; $5 jsonb changes. SRID: n/a.
INSERT INTO scenario (name, owner_id, service_type, params, changes)
VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)
RETURNING id,
          name,
          service_type AS "serviceType",
          params,
          changes,
          owner_id AS "ownerId",
          created_at AS "createdAt",
          updated_at AS "updatedAt"
