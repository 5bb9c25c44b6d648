-- Cases (issue 5): which duty-list rule routed each dispatch (returns are counted per rule), and
-- the lookups the extension requests and photos need.

-- why: a dispatch records the routing rule that chose its department (NULL when the operator
-- named the department or the category default was used), so returns can be counted per rule.
-- No foreign key: incident_event is append-only, and a deleted rule must not rewrite history.
ALTER TABLE incident_event ADD COLUMN routing_rule_id integer;
CREATE INDEX incident_event_return_idx ON incident_event (incident_id, seq)
  WHERE action IN ('dispatch', 'reroute', 'redispatch', 'return');

-- One pending extension request per case at a time; decisions look up by case.
CREATE INDEX extension_request_incident_idx ON extension_request (incident_id, requested_at);
CREATE UNIQUE INDEX extension_request_one_pending ON extension_request (incident_id)
  WHERE state = 'pending';

-- why: command's reason when it denies (or approves with a remark) a request.
ALTER TABLE extension_request ADD COLUMN decision_note text CHECK (length(decision_note) <= 2000);
