-- purpose: a cheap fingerprint of everything the leaders' figures depend on, for ETags: the last
--   case change (change_log, written by every case transition and rating), the settings version,
--   and the live warnings (ids, states, tiers, values, cases, notes; not the refresh time).
-- parameters: none.
-- SRID: n/a.
SELECT (SELECT coalesce(max(id), 0) FROM change_log WHERE kind = 'incident')::bigint::text AS cases,
       (SELECT coalesce(max(version), 0) FROM indicator_settings)::int AS settings,
       (SELECT coalesce(md5(string_agg(concat_ws(':', w.id, w.state, w.tier, w.value,
                                                 w.incident_ids::text, w.note), ','
                                       ORDER BY w.id)), '')
          FROM warning w
         WHERE w.state <> 'cleared') AS warnings
