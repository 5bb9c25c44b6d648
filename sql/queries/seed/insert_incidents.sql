-- purpose: bulk-load generated incidents. The BEFORE INSERT trigger place_point() fills
--   grid_cell_id, community_code and subdistrict_code from the point; `number` is generated.
-- parameters (arrays of one element per incident): $1 text tracking codes, $2 text category
--   codes, $3 text sources, $4 text states, $5 int priorities, $6 text descriptions,
--   $7 text addresses, $8 float8 lon, $9 float8 lat, $10 text departments, $11 text SLA stages,
--   $12 float8 stage_started_at, $13 float8 deadline_at, $14 float8 due_at, $15 float8 reported_at,
--   $16 float8 filed_at, $17 float8 dispatched_at, $18 float8 responded_at, $19 float8 handled_at,
--   $20 float8 closed_at (times as Unix epoch seconds, NULL for none), $21 bool closed_on_time,
--   $22 int rework counts, $23 int return counts, $24 bool extended, $25 int ratings,
--   $26 float8 rated_at, $27 int versions, $28 float8 updated_at, $29 int8 sensor alert ids.
-- SRID: 4326.
INSERT INTO incident (
  tracking_code, category_code, source, state, priority, description, address, geom,
  department_code, stage, stage_started_at, deadline_at, due_at, reported_at, filed_at,
  dispatched_at, responded_at, handled_at, closed_at, closed_on_time, rework_count, return_count,
  extended, rating, rated_at, version, updated_at, sensor_alert_id
)
SELECT u.tracking_code, u.category_code, u.source, u.state, u.priority, u.description, u.address,
       ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326),
       u.department_code, u.stage, to_timestamp(u.stage_started_at), to_timestamp(u.deadline_at),
       to_timestamp(u.due_at), to_timestamp(u.reported_at), to_timestamp(u.filed_at),
       to_timestamp(u.dispatched_at), to_timestamp(u.responded_at), to_timestamp(u.handled_at),
       to_timestamp(u.closed_at), u.closed_on_time, u.rework_count, u.return_count, u.extended,
       u.rating, to_timestamp(u.rated_at), u.version, to_timestamp(u.updated_at), u.sensor_alert_id
FROM unnest(
  $1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::float8[],
  $9::float8[], $10::text[], $11::text[], $12::float8[], $13::float8[], $14::float8[],
  $15::float8[], $16::float8[], $17::float8[], $18::float8[], $19::float8[], $20::float8[],
  $21::bool[], $22::int[], $23::int[], $24::bool[], $25::int[], $26::float8[], $27::int[],
  $28::float8[], $29::int8[]
) WITH ORDINALITY AS u(
  tracking_code, category_code, source, state, priority, description, address, lon, lat,
  department_code, stage, stage_started_at, deadline_at, due_at, reported_at, filed_at,
  dispatched_at, responded_at, handled_at, closed_at, closed_on_time, rework_count, return_count,
  extended, rating, rated_at, version, updated_at, sensor_alert_id, ord
)
ORDER BY u.ord
RETURNING id, tracking_code
