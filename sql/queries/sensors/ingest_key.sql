-- purpose: what an ingestion key may write: a device key (sensor.key_hash) is good for its own
--   sensor; a gateway key (ingest_key, not revoked) for its listed sensors or all of them.
-- parameters: $1 text sha256 hex of the presented key.
-- SRID: n/a. Returns no row for an unknown key.
SELECT false AS "allSensors", ARRAY[s.id] AS "sensorIds"
FROM sensor s
WHERE s.key_hash = $1
UNION ALL
SELECT k.all_sensors AS "allSensors", coalesce(k.sensor_ids, '{}'::int[]) AS "sensorIds"
FROM ingest_key k
WHERE k.key_hash = $1
  AND k.revoked_at IS NULL
