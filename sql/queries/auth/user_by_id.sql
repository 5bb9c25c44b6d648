-- purpose: one account for the admin screens (no password hash).
-- parameters: $1 app_user.id. SRID: n/a.
SELECT id, username, display_name, role, scope, department_code, disabled, created_at, updated_at
FROM app_user
WHERE id = $1
