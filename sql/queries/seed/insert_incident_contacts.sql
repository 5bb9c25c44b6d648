-- purpose: bulk-load reporters' contact details (personal data, kept apart from incident).
-- parameters: $1 int8[] incident ids, $2 text[] names, $3 text[] phones, $4 text[] emails.
-- SRID: n/a.
INSERT INTO incident_contact (incident_id, name, phone, email)
SELECT incident_id, name, phone, email
FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[]) AS u(incident_id, name, phone, email)
RETURNING incident_id
