-- purpose: acknowledges a live warning with a note (again: the note is replaced).
-- parameters: $1 bigint warning id; $2 text note; $3 integer app_user id, NULL for none.
-- SRID: n/a.
UPDATE warning
   SET state = 'acknowledged', note = $2, acknowledged_by = $3, acknowledged_at = now(),
       updated_at = now()
 WHERE id = $1 AND state <> 'cleared'
RETURNING id::int AS id, state
