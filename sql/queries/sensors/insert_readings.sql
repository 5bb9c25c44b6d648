-- purpose: store a batch of validated readings in one statement; a repeat of (sensor, metric, ts),
--   from an earlier batch or within this one, is skipped. Returns only the rows stored now, so
--   rule evaluation sees each reading once. The caller sorts rows by the key so that concurrent
--   batches take their locks in the same order.
-- parameters: $1 int[] sensor ids, $2 text[] metrics, $3 timestamptz[] times, $4 float8[] values.
-- SRID: n/a.
WITH inserted AS (
  INSERT INTO reading (sensor_id, metric, ts, value)
  SELECT u.sensor_id, u.metric, u.ts, u.value
  FROM unnest($1::int[], $2::text[], $3::timestamptz[], $4::float8[])
    AS u(sensor_id, metric, ts, value)
  ON CONFLICT DO NOTHING
  RETURNING sensor_id, metric, ts, value
),
-- why: last_seen_at moves forward only, and only for sensors that sent something new.
latest AS (
  SELECT i.sensor_id, max(i.ts) AS ts FROM inserted i GROUP BY i.sensor_id
),
seen AS (
  UPDATE sensor s SET last_seen_at = l.ts
  FROM latest l
  WHERE s.id = l.sensor_id
    AND (s.last_seen_at IS NULL OR s.last_seen_at < l.ts)
  RETURNING s.id
)
SELECT i.sensor_id AS "sensorId", i.metric, (extract(epoch FROM i.ts) * 1000)::float8 AS ts,
  i.value
FROM inserted i
