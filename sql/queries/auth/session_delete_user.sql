-- purpose: end every session of a user (disabled, password reset, role or scope changed).
-- parameters: $1 user id. SRID: n/a.
DELETE FROM session WHERE user_id = $1
