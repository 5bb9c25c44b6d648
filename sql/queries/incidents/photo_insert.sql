-- purpose: store one processed photo of a case (re-encoded, metadata-free, server-chosen name).
-- parameters: $1 int8 incident id, $2 text name, $3 text mime, $4 int width, $5 int height,
--   $6 bytea bytes.
-- SRID: n/a.
INSERT INTO incident_photo (incident_id, name, mime, width, height, bytes)
VALUES ($1, $2, $3, $4, $5, $6)
