-- purpose: the newest change-feed id (where a live stream starts, and the replay horizon).
-- parameters: none.
-- SRID: n/a.
SELECT coalesce(max(id), 0)::bigint AS id FROM change_log
