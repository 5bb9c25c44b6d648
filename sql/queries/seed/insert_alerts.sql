-- purpose: bulk-load the alerts the generated anomalies raise, with reserved ids.
-- parameters: $1 int8[] ids (from reserve_ids), $2 int[] sensor ids, $3 int[] rule ids,
--   $4 text[] severities, $5 text[] states, $6 float8[] values, $7 text[] messages,
--   $8 float8[] opened_at, $9 float8[] acknowledged_at, $10 float8[] resolved_at (Unix epoch
--   seconds, NULL for none).
-- SRID: n/a.
INSERT INTO alert (id, sensor_id, rule_id, severity, state, value, message, opened_at, acknowledged_at, resolved_at)
OVERRIDING SYSTEM VALUE
SELECT u.id, u.sensor_id, u.rule_id, u.severity, u.state, u.value, u.message,
       to_timestamp(u.opened_at), to_timestamp(u.acknowledged_at), to_timestamp(u.resolved_at)
FROM unnest($1::int8[], $2::int[], $3::int[], $4::text[], $5::text[], $6::float8[], $7::text[],
            $8::float8[], $9::float8[], $10::float8[])
  AS u(id, sensor_id, rule_id, severity, state, value, message, opened_at, acknowledged_at, resolved_at)
RETURNING id
