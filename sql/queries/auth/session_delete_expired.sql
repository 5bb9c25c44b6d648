-- purpose: drop sessions past their absolute expiry or idle for too long.
-- parameters: $1 now, $2 idle cut-off (now − idle time-out). SRID: n/a.
DELETE FROM session WHERE expires_at <= $1 OR last_seen_at <= $2
