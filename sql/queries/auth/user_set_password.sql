-- purpose: replace an account's password hash.
-- parameters: $1 id, $2 argon2id hash. SRID: n/a.
UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1 RETURNING id
