-- Leaders' indicator settings (issue 8): the composite-score weights and the warning rules, kept
-- as versions (one row per change, never updated), so the current settings are the highest
-- version and every past one stays readable. No row: the code defaults apply (version 0).
-- District-wide settings, no subdistrict or personal data: the services check who may change them
-- (an admin of the whole district) and write an audit entry in the same transaction.
-- Forward-only: never edit once landed.
CREATE TABLE indicator_settings (
  version integer PRIMARY KEY CHECK (version > 0),
  weights jsonb NOT NULL CHECK (jsonb_typeof(weights) = 'object'),
  rules jsonb NOT NULL CHECK (jsonb_typeof(rules) = 'array'),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by integer REFERENCES app_user (id) ON DELETE SET NULL
);
