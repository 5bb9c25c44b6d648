-- purpose: make the demo's gateway key (INGEST_DEMO_KEY) good for every demo sensor.
-- parameters: $1 text sha256 hex of the key, $2 text label.
-- SRID: n/a.
INSERT INTO ingest_key (key_hash, label, all_sensors)
VALUES ($1, $2, true)
ON CONFLICT (key_hash) DO NOTHING
RETURNING id
