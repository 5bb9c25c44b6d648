-- purpose: slide the idle time-out forward.
-- parameters: $1 token hash, $2 now. SRID: n/a.
UPDATE session SET last_seen_at = $2 WHERE token_hash = $1
