-- Accounts, sessions and the second wall around personal data (issue 7).
--
-- Row-level security on the tables with personal data (incident_contact, household) and on the
-- audit log. The application sets, inside the transaction that reads personal data:
--   set_config('jiedao.role', <role>, true)       -- the Actor's role
--   set_config('jiedao.scope', 'all' | 'c1,c2', true)  -- subdistrict codes, or the whole district
--   set_config('jiedao.user_id', <app_user.id>, true)
-- Code that forgets to set them reads nothing. 'system' is the seed and maintenance scripts.
-- FORCE ROW LEVEL SECURITY binds the table owner too (the app's role owns its tables).
-- Superusers and BYPASSRLS roles skip all of this: start-up refuses such a role on PostgreSQL.
-- PGlite always runs as a superuser, so there the service code is the only wall.

-- Sessions: the idle time-out is checked against last_seen_at; clean-up scans by expiry.
CREATE INDEX session_expires_idx ON session (expires_at);
CREATE INDEX login_attempt_at_idx ON login_attempt (at);

-- why: one definition of "the current transaction's actor may see this subdistrict".
CREATE FUNCTION jiedao_in_scope(subdistrict text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('jiedao.scope', true), '') = 'all'
      OR subdistrict = ANY (string_to_array(nullif(current_setting('jiedao.scope', true), ''), ','))
$$;

-- why: the role set for this transaction ('' when none was set).
CREATE FUNCTION jiedao_role() RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('jiedao.role', true), '')
$$;

-- why: the signed-in user's id for grid-worker rules (NULL when none or not a number).
CREATE FUNCTION jiedao_user_id() RETURNS integer
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN current_setting('jiedao.user_id', true) ~ '^[0-9]{1,9}$'
              THEN current_setting('jiedao.user_id', true)::integer END
$$;

-- Reporter contacts -------------------------------------------------------------------------------

ALTER TABLE incident_contact ENABLE ROW LEVEL SECURITY;
ALTER TABLE incident_contact FORCE ROW LEVEL SECURITY;

-- why: command, supervision and admin read contacts of cases in their scope; a grid worker reads
-- those of cases in the grid cells assigned to them; leaders, planners and the public never.
CREATE POLICY incident_contact_read ON incident_contact FOR SELECT USING (
  jiedao_role() = 'system'
  OR (jiedao_role() IN ('operator', 'supervisor', 'admin') AND EXISTS (
        SELECT 1 FROM incident i
         WHERE i.id = incident_contact.incident_id AND jiedao_in_scope(i.subdistrict_code)))
  OR (jiedao_role() = 'gridworker' AND EXISTS (
        SELECT 1 FROM incident i JOIN grid_cell g ON g.id = i.grid_cell_id
         WHERE i.id = incident_contact.incident_id AND g.grid_worker_id = jiedao_user_id()))
);
-- why: anyone who may report (residents included) leaves a contact; writing reveals nothing.
CREATE POLICY incident_contact_insert ON incident_contact FOR INSERT WITH CHECK (true);
CREATE POLICY incident_contact_change ON incident_contact FOR UPDATE USING (
  jiedao_role() = 'system'
  OR (jiedao_role() IN ('operator', 'supervisor', 'admin') AND EXISTS (
        SELECT 1 FROM incident i
         WHERE i.id = incident_contact.incident_id AND jiedao_in_scope(i.subdistrict_code)))
);
CREATE POLICY incident_contact_delete ON incident_contact FOR DELETE USING (
  jiedao_role() IN ('system', 'admin')
);

-- Households (elderly living alone) ---------------------------------------------------------------

ALTER TABLE household ENABLE ROW LEVEL SECURITY;
ALTER TABLE household FORCE ROW LEVEL SECURITY;

CREATE POLICY household_read ON household FOR SELECT USING (
  jiedao_role() = 'system'
  OR (jiedao_role() IN ('operator', 'supervisor', 'admin') AND jiedao_in_scope(subdistrict_code))
  OR (jiedao_role() = 'gridworker' AND EXISTS (
        SELECT 1 FROM grid_cell g
         WHERE g.id = household.grid_cell_id AND g.grid_worker_id = jiedao_user_id()))
);
CREATE POLICY household_insert ON household FOR INSERT WITH CHECK (
  jiedao_role() = 'system'
  OR (jiedao_role() IN ('operator', 'supervisor', 'admin') AND jiedao_in_scope(subdistrict_code))
);
CREATE POLICY household_update ON household FOR UPDATE USING (
  jiedao_role() = 'system'
  OR (jiedao_role() IN ('operator', 'supervisor', 'admin') AND jiedao_in_scope(subdistrict_code))
);
CREATE POLICY household_delete ON household FOR DELETE USING (
  jiedao_role() = 'system' OR (jiedao_role() = 'admin' AND jiedao_in_scope(subdistrict_code))
);

-- Audit log: append-only, readable by admins -------------------------------------------------------

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT USING (jiedao_role() IN ('admin', 'system'));
CREATE POLICY audit_log_insert ON audit_log FOR INSERT WITH CHECK (true);
-- why: nobody, superusers included, rewrites history (forbid_change raises 42501).
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION forbid_change();
CREATE INDEX audit_log_user_idx ON audit_log (user_id, at);
