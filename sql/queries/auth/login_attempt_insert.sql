-- purpose: record one sign-in attempt (no password, ever).
-- parameters: $1 username as typed (normalised, truncated), $2 client address, $3 ok, $4 now.
-- SRID: n/a.
INSERT INTO login_attempt (username, client, ok, at) VALUES ($1, $2, $3, $4)
