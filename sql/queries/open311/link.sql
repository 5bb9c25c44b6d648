-- purpose: mark a case just created through Open311: source 'open311' on the case and the link
--   to the API key, the lookup token and the media_url, in the creating transaction.
-- parameters: $1 int8 incident id, $2 int4 open311_key id, $3 text token, $4 text media_url
--   (NULL when none).
-- SRID: n/a.
WITH marked AS (
  -- why: createIncident files an anonymous caller's case as 'resident'; Open311 is its own channel.
  UPDATE incident SET source = 'open311' WHERE id = $1
  RETURNING id
)
INSERT INTO open311_request (incident_id, key_id, token, media_url)
SELECT id, $2, $3, $4 FROM marked
RETURNING incident_id AS "incidentId"
