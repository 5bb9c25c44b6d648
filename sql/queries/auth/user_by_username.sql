-- purpose: the account a sign-in names (password hash included: never leaves the auth service).
-- parameters: $1 username (lower case). SRID: n/a.
SELECT id, username, display_name, password_hash, role, scope, department_code, disabled
FROM app_user
WHERE username = $1
