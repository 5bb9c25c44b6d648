-- purpose: saves new indicator settings as the next version, only if the current version is the
--   one the editor started from (no row back: someone saved in between).
-- parameters: $1 integer the version the change is based on (0: the code defaults), NULL for
--   "whatever is current"; $2 jsonb weights; $3 jsonb rules; $4 integer app_user id or NULL.
-- SRID: n/a.
INSERT INTO indicator_settings (version, weights, rules, created_by)
SELECT cur.v + 1, $2::jsonb, $3::jsonb, $4
  FROM (SELECT coalesce(max(version), 0) AS v FROM indicator_settings) AS cur
 WHERE $1::integer IS NULL OR cur.v = $1::integer
RETURNING version, created_at AS "updatedAt"
