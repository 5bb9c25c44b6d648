-- purpose: store a new session; only the SHA-256 of the token is kept.
-- parameters: $1 token hash, $2 user id, $3 now, $4 absolute expiry, $5 client, $6 user agent.
-- SRID: n/a.
INSERT INTO session (token_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
VALUES ($1, $2, $3, $3, $4, $5, $6)
