-- purpose: end one session (sign-out, expiry, rotation).
-- parameters: $1 token hash. SRID: n/a.
DELETE FROM session WHERE token_hash = $1
