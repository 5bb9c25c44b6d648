-- purpose: clears every live warning whose condition no longer holds.
-- parameters: $1 text[] keys 'rule|area|subject' of the warnings that still hold.
-- SRID: n/a.
UPDATE warning
   SET state = 'cleared', cleared_at = now(), updated_at = now()
 WHERE state <> 'cleared'
   AND (rule || '|' || area_code || '|' || subject) <> ALL ($1::text[])
RETURNING id::int AS id
