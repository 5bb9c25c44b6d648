-- purpose: the current indicator settings (the highest version), or no row when none was saved
--   (the code defaults apply).
-- parameters: none.
-- SRID: n/a.
SELECT s.version,
       s.weights,
       s.rules,
       s.created_at AS "updatedAt",
       u.username AS "updatedBy"
  FROM indicator_settings s
  LEFT JOIN app_user u ON u.id = s.created_by
 ORDER BY s.version DESC
 LIMIT 1
