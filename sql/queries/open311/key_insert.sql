-- purpose: register an Open311 API key (the demo's OPEN311_DEMO_KEY on the first seed); a key
--   that exists already is left as it is.
-- parameters: $1 text sha256 hex of the key, $2 text label.
-- SRID: n/a. Returns the new id, or no row when the key was there already.
INSERT INTO open311_key (key_hash, label)
VALUES ($1, $2)
ON CONFLICT (key_hash) DO NOTHING
RETURNING id
