-- purpose: a cheap fingerprint of the analysis inputs (grid-cell demand and service points); the
--   in-memory analysis cache reloads when it changes.
-- parameters: none. SRID: n/a.
SELECT concat_ws(
  ':',
  (SELECT count(*) FROM grid_cell),
  -- why: a population update changes the sums even when no row is added or removed
  (SELECT coalesce(sum(residents::bigint + aged60 * 3 + aged80 * 7 + alone_elderly * 11), 0)
     FROM grid_cell),
  (SELECT count(*) FROM service_point),
  (SELECT coalesce(max(id), 0) FROM service_point),
  (SELECT coalesce(extract(epoch FROM max(updated_at))::text, '') FROM service_point),
  -- why: services that edit points log the change even when they forget updated_at
  (SELECT coalesce(max(id), 0) FROM change_log WHERE kind = 'service_point')
) AS version
