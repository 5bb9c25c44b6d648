-- purpose: the case number behind an Open311 token (GET tokens/{token}).
-- parameters: $1 text token (already checked against ^[A-Za-z0-9_-]{16,64}$).
-- SRID: n/a. No row for an unknown token.
SELECT i.number
FROM open311_request r
JOIN incident i ON i.id = r.incident_id
WHERE r.token = $1
