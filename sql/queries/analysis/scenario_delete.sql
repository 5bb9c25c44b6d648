-- purpose: deletes a planner scenario.
-- parameters: $1 integer id. SRID: n/a.
DELETE FROM scenario
WHERE id = $1
RETURNING id
