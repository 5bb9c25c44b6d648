-- purpose: create an account (the hash is argon2id, computed by the service).
-- parameters: $1 username, $2 display name, $3 password hash, $4 role, $5 text[] scope (NULL =
-- whole district), $6 department code or NULL. SRID: n/a.
INSERT INTO app_user (username, display_name, password_hash, role, scope, department_code)
VALUES ($1, $2, $3, $4, $5::text[], $6)
RETURNING id
