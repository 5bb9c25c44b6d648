-- purpose: bulk-load incident histories (append-only incident_event).
-- parameters (one element per event): $1 int8[] incident ids, $2 int[] sequence numbers,
--   $3 text[] actions, $4 text[] from states (NULL for the report), $5 text[] to states,
--   $6 text[] actor roles, $7 text[] departments, $8 text[] notes, $9 float8[] times (Unix
--   epoch seconds).
-- SRID: n/a.
WITH inserted AS (
  INSERT INTO incident_event (incident_id, seq, action, from_state, to_state, actor_role, department_code, note, at)
  SELECT u.incident_id, u.seq, u.action, u.from_state, u.to_state, u.actor_role, u.department_code,
         u.note, to_timestamp(u.at)
  FROM unnest($1::int8[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
              $8::text[], $9::float8[])
    AS u(incident_id, seq, action, from_state, to_state, actor_role, department_code, note, at)
  RETURNING 1
)
SELECT count(*)::int AS n FROM inserted
