-- purpose: forget sign-in attempts older than the longest window we look at.
-- parameters: $1 cut-off. SRID: n/a.
DELETE FROM login_attempt WHERE at < $1
