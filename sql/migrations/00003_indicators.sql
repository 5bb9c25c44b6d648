-- Leaders' warnings (issue 8): what a warning is about within its rule and area (e.g. the
-- category of a surge), the cases behind it, when it was last confirmed and when it cleared, and
-- at most one live (open or acknowledged) warning per rule, area and subject, so evaluation can
-- upsert. Forward-only: never edit once landed.
ALTER TABLE warning ADD COLUMN subject text NOT NULL DEFAULT '';
ALTER TABLE warning ADD COLUMN incident_ids bigint[] NOT NULL DEFAULT '{}';
ALTER TABLE warning ADD COLUMN detail jsonb NOT NULL DEFAULT '{}';
ALTER TABLE warning ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE warning ADD COLUMN cleared_at timestamptz;
CREATE UNIQUE INDEX warning_live_idx ON warning (rule, area_code, subject) WHERE state <> 'cleared';
CREATE INDEX warning_state_idx ON warning (state, area_code);
