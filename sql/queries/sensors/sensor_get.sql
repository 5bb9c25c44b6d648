-- purpose: one sensor with its type (metrics, interval) and the enabled rules of its type, for
--   the sensor page and the map's side panel; no household link (personal data stays apart).
-- parameters: $1 int sensor id.
-- SRID: 4326 (lon/lat of the sensor's point).
SELECT s.id, s.code, s.type, t.name AS "typeName", t.name_en AS "typeNameEn", t.metrics,
  t.interval_s AS "intervalS", ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat, s.status,
  s.last_seen_at AS "lastSeenAt", s.subdistrict_code AS "subdistrictCode",
  coalesce((
    SELECT jsonb_agg(jsonb_build_object('id', r.id, 'kind', r.kind, 'metric', r.metric,
      'params', r.params, 'severity', r.severity, 'name', r.name, 'nameEn', r.name_en,
      'opensCase', r.opens_case) ORDER BY r.id)
    FROM alert_rule r WHERE r.sensor_type = s.type AND r.enabled
  ), '[]'::jsonb) AS rules
FROM sensor s
JOIN sensor_type t ON t.code = s.type
WHERE s.id = $1::int
