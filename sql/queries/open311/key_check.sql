-- purpose: the Open311 API key with this hash, if it exists and is not revoked.
-- parameters: $1 text sha256 hex of the presented api_key.
-- SRID: n/a. Returns no row for an unknown or revoked key.
SELECT k.id, k.label
FROM open311_key k
WHERE k.key_hash = $1
  AND k.revoked_at IS NULL
