-- purpose: a layer's version for its ETag: the newest change_log id of each kind the layer draws
--   (one index probe per kind on change_log_kind_idx), plus the newest case id so a reloaded demo
--   (which writes no change_log rows) is a new version too.
-- parameters: $1 text[] change kinds ('incident', 'alert', 'service_point', 'sensor', 'warning').
-- SRID: n/a.
SELECT coalesce(max(k.last), 0)::bigint AS change,
       coalesce((SELECT max(id) FROM incident), 0)::bigint AS epoch
  FROM unnest($1::text[]) AS u(kind),
       LATERAL (SELECT max(c.id) AS last FROM change_log c WHERE c.kind = u.kind) AS k
