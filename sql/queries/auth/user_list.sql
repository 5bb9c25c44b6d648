-- purpose: accounts for the admin list; a scoped admin sees only accounts inside their scope.
-- parameters: $1 text[] admin's scope (NULL = whole district). SRID: n/a.
SELECT u.id, u.username, u.display_name, u.role, u.scope, u.department_code, u.disabled,
       u.created_at, u.updated_at,
       (SELECT max(s.last_seen_at) FROM session s WHERE s.user_id = u.id) AS last_seen_at
FROM app_user u
WHERE $1::text[] IS NULL OR (u.scope IS NOT NULL AND u.scope <@ $1::text[])
ORDER BY u.username
