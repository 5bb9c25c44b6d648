-- purpose: what the warnings depend on besides time: the last case change (change_log, written by
--   every case transition and rating) and the settings version, as one text; the warnings are
--   re-evaluated when it moves (also after another app instance saved new settings).
-- parameters: none.
-- SRID: n/a.
SELECT concat_ws(
  ':',
  (SELECT coalesce(max(id), 0) FROM change_log WHERE kind = 'incident'),
  (SELECT coalesce(max(version), 0) FROM indicator_settings)
) AS inputs
