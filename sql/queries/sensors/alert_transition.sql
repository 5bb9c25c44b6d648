-- purpose: acknowledge or resolve an alert by an operator, and log the change in change_log.
-- parameters: $1 bigint alert id, $2 text new state ('acknowledged' | 'resolved'),
--   $3 int acting user id or NULL.
-- SRID: n/a.
WITH changed AS (
  UPDATE alert a SET
    state = $2::text,
    acknowledged_at = CASE WHEN $2::text = 'acknowledged' THEN now() ELSE a.acknowledged_at END,
    acknowledged_by = CASE WHEN $2::text = 'acknowledged' THEN $3::int ELSE a.acknowledged_by END,
    resolved_at = CASE WHEN $2::text = 'resolved' THEN now() ELSE a.resolved_at END
  WHERE a.id = $1::bigint
  RETURNING a.id, a.sensor_id, a.rule_id, a.severity, a.state, a.opened_at, a.incident_id
),
logged AS (
  INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
  SELECT 'alert', c.id, 'update', s.subdistrict_code
  FROM changed c JOIN sensor s ON s.id = c.sensor_id
  RETURNING entity_id
)
SELECT c.id::int AS id, c.sensor_id AS sensor, c.rule_id AS rule, c.severity, c.state,
  c.opened_at AS "openedAt", c.incident_id::int AS "caseId"
FROM changed c
