-- purpose: bulk-load sensor readings (received when measured: the demo has no transport lag).
-- parameters: $1 int[] sensor ids, $2 text[] metrics, $3 float8[] times (Unix epoch seconds),
--   $4 float8[] values.
-- SRID: n/a.
WITH inserted AS (
  INSERT INTO reading (sensor_id, metric, ts, value, received_at)
  SELECT u.sensor_id, u.metric, to_timestamp(u.ts), u.value, to_timestamp(u.ts)
  FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[]) AS u(sensor_id, metric, ts, value)
  RETURNING 1
)
SELECT count(*)::int AS n FROM inserted
