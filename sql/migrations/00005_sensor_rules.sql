-- Sensors (issue 6): alerts that open cases, and the sweep's lookups.
--
-- A case opened from a sensor alert remembers its sensor and rule, so the database itself keeps
-- "at most one open case per sensor and rule": a partial unique index over the cases not yet in a
-- terminal state (domain/cases.ts TERMINAL_STATES). The columns carry no personal data.
ALTER TABLE incident ADD COLUMN sensor_id integer REFERENCES sensor (id);
ALTER TABLE incident ADD COLUMN sensor_rule_id integer REFERENCES alert_rule (id);
ALTER TABLE incident ADD CONSTRAINT incident_sensor_rule_pair
  CHECK ((sensor_id IS NULL) = (sensor_rule_id IS NULL));
CREATE UNIQUE INDEX incident_sensor_rule_open_idx ON incident (sensor_id, sensor_rule_id)
  WHERE sensor_id IS NOT NULL AND state NOT IN ('closed', 'rejected', 'merged');

-- The alert queue filters by state and looks up a sensor's alerts.
CREATE INDEX alert_sensor_idx ON alert (sensor_id, opened_at);
