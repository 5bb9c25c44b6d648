-- purpose: the sensors layer: sensors in scope with their worst unresolved alert (red before
--   yellow before blue, then the newest). No household or personal data.
-- parameters: $1 text[] subdistricts in scope (NULL = all).
-- SRID: 4326; coordinates rounded to 6 decimals. Ordered by id (stable ETag).
WITH worst AS (
  -- why: one alert per sensor; the partial index on unresolved alerts keeps this small.
  SELECT DISTINCT ON (a.sensor_id) a.sensor_id, a.id, a.severity, a.state, a.opened_at
    FROM alert a
   WHERE a.state <> 'resolved'
   ORDER BY a.sensor_id,
            CASE a.severity WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END,
            a.opened_at DESC, a.id DESC
)
SELECT s.id, s.code, s.type, s.status,
       s.subdistrict_code AS subdistrict,
       CASE WHEN w.id IS NULL THEN NULL
            ELSE json_build_object('id', w.id, 'severity', w.severity, 'state', w.state,
                                   'openedAt', w.opened_at) END AS alert,
       ST_AsGeoJSON(s.geom, 6)::json AS geometry
  FROM sensor s
  LEFT JOIN worst w ON w.sensor_id = s.id
 WHERE $1::text[] IS NULL OR s.subdistrict_code = ANY ($1::text[])
 ORDER BY s.id
