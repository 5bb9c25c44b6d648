-- purpose: decide a case's pending extension request (approved or denied; 'denied' with no
--   deciding user also closes a request the case has moved past).
-- parameters: $1 int8 incident id, $2 text new state, $3 int deciding user, $4 timestamptz at,
--   $5 text decision note.
-- SRID: n/a.
UPDATE extension_request
SET state = $2, decided_by = $3, decided_at = $4, decision_note = $5
WHERE incident_id = $1 AND state = 'pending'
RETURNING id
