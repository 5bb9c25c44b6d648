-- purpose: change-feed rows with what the live map needs to update in place: for a case its
--   state, category, priority, urgency and position; for an alert its sensor, severity, state and
--   position. The ids $1..$2: a notification's range, or (with $2 = the largest int8) a replay.
-- parameters: $1 int8 first id, $2 int8 last id, $3 int limit, $4 timestamptz "now" for urgency.
-- SRID: 4326 in; lon/lat rounded to 6 decimals.
SELECT c.id, c.kind, c.entity_id AS "entityId", c.op, c.subdistrict_code AS subdistrict,
       i.number, i.state AS "incidentState", i.category_code AS category, i.priority::int AS priority,
       CASE WHEN i.id IS NOT NULL THEN map_urgency(i.stage, i.stage_started_at, i.deadline_at, $4) END AS urgency,
       a.sensor_id AS sensor, a.severity, a.state AS "alertState",
       round(ST_X(coalesce(i.geom, s.geom))::numeric, 6)::float8 AS lon,
       round(ST_Y(coalesce(i.geom, s.geom))::numeric, 6)::float8 AS lat
  FROM change_log c
  LEFT JOIN incident i ON c.kind = 'incident' AND i.id = c.entity_id
  LEFT JOIN alert a ON c.kind = 'alert' AND a.id = c.entity_id
  LEFT JOIN sensor s ON s.id = a.sensor_id
 WHERE c.id BETWEEN $1 AND $2
 ORDER BY c.id
 LIMIT $3
