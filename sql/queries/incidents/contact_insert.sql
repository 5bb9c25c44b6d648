-- purpose: the reporter's contact (personal data; read back only through auth/personal.ts).
-- parameters: $1 int8 incident id, $2 text name, $3 text phone, $4 text email.
-- SRID: n/a.
INSERT INTO incident_contact (incident_id, name, phone, email)
VALUES ($1, $2, $3, $4)
