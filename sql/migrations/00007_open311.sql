-- Open311 GeoReport v2 (issue 5 §7): the link from a case to the API key (open311_key, in
-- 00001_schema) and the token it was created with. No personal data here (the reporter's contact
-- goes to incident_contact, behind row-level security) and no subdistrict data of its own.

-- One row per case created through Open311: which key created it, the token the client may look
-- it up by (GET tokens/{token}), and the media_url it sent (kept for the operators, never served).
CREATE TABLE open311_request (
  incident_id bigint PRIMARY KEY REFERENCES incident (id) ON DELETE CASCADE,
  key_id integer NOT NULL REFERENCES open311_key (id),
  token text NOT NULL UNIQUE CHECK (token ~ '^[A-Za-z0-9_-]{16,64}$'),
  media_url text CHECK (length(media_url) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX open311_request_key_idx ON open311_request (key_id);
