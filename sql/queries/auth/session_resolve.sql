-- purpose: the session a cookie names, with its user (role, scope, disabled).
-- parameters: $1 token hash. SRID: n/a.
SELECT s.user_id, s.created_at, s.last_seen_at, s.expires_at,
       u.username, u.display_name, u.role, u.scope, u.department_code, u.disabled
FROM session s
JOIN app_user u ON u.id = s.user_id
WHERE s.token_hash = $1
