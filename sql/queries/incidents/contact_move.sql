-- purpose: a merged case's reporter follows the master case (kept on the merged case when the
--   master already has a reporter contact: one contact per case).
-- parameters: $1 int8 merged case id, $2 int8 master case id.
-- SRID: n/a.
UPDATE incident_contact
SET incident_id = $2
WHERE incident_id = $1
  AND NOT EXISTS (SELECT 1 FROM incident_contact m WHERE m.incident_id = $2)
RETURNING incident_id AS "incidentId"
