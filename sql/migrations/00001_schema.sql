-- The whole data model (ARCHITECTURE.md "Data model"). Forward-only: never edit once landed.
-- Every geometry column: explicit type + SRID 4326, a GiST index, and geom_ok() which rejects
-- invalid or empty geometry and NaN / Infinity / out-of-range coordinates (PostGIS stores those
-- otherwise).

CREATE EXTENSION IF NOT EXISTS postgis;

-- why: one definition of "a geometry we accept", used by every CHECK. PL/pgSQL, not SQL, so the
-- tests run in this order and are not constant-folded: an unclosed ring must be caught before
-- ST_IsValid, which errors on one (and in PGlite's build fails without raising the error).
-- NaN sorts above every number in PostgreSQL, so "<= 180" is false for NaN as well.
CREATE FUNCTION geom_ok(g geometry) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF g IS NULL THEN
    RETURN true;
  END IF;
  IF ST_IsEmpty(g) OR ST_SRID(g) <> 4326 THEN
    RETURN false;
  END IF;
  IF NOT (ST_XMin(g) >= -180 AND ST_XMax(g) <= 180 AND ST_YMin(g) >= -90 AND ST_YMax(g) <= 90) THEN
    RETURN false;
  END IF;
  IF GeometryType(g) IN ('POLYGON', 'MULTIPOLYGON') AND EXISTS (
    SELECT 1
      FROM ST_Dump(g) AS part, ST_DumpRings(part.geom) AS ring
     WHERE NOT ST_IsClosed(ST_ExteriorRing(ring.geom))
  ) THEN
    RETURN false;
  END IF;
  RETURN ST_IsValid(g);
END
$$;

-- why: reading values must be real numbers; float8 accepts NaN and Infinity.
CREATE FUNCTION finite(v double precision) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT v IS NULL OR (v <> 'NaN'::float8 AND v <> 'Infinity'::float8 AND v <> '-Infinity'::float8)
$$;

-- Administrative areas ------------------------------------------------------------------------

CREATE TABLE admin_area (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
  level text NOT NULL CHECK (level IN ('district', 'subdistrict', 'community')),
  parent_code text REFERENCES admin_area (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en text,
  staff_count integer CHECK (staff_count >= 0),
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (geom_ok(geom)),
  CHECK ((level = 'district') = (parent_code IS NULL))
);
CREATE INDEX admin_area_geom_idx ON admin_area USING gist (geom);
CREATE INDEX admin_area_parent_idx ON admin_area (parent_code);

CREATE TABLE app_user (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  display_name text NOT NULL,
  password_hash text,
  role text NOT NULL CHECK (role IN ('gridworker', 'operator', 'supervisor', 'planner', 'leader', 'admin')),
  -- NULL = the whole district; otherwise subdistrict codes.
  scope text[],
  department_code text,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE grid_cell (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{14,15}$'),
  community_code text NOT NULL REFERENCES admin_area (code),
  subdistrict_code text NOT NULL REFERENCES admin_area (code),
  residents integer NOT NULL DEFAULT 0 CHECK (residents >= 0),
  aged60 integer NOT NULL DEFAULT 0 CHECK (aged60 >= 0 AND aged60 <= residents),
  aged80 integer NOT NULL DEFAULT 0 CHECK (aged80 >= 0 AND aged80 <= aged60),
  alone_elderly integer NOT NULL DEFAULT 0 CHECK (alone_elderly >= 0 AND alone_elderly <= aged60),
  households integer NOT NULL DEFAULT 0 CHECK (households >= 0),
  grid_worker_id integer REFERENCES app_user (id),
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (geom_ok(geom)),
  -- why: demand sits at the cell centroid for coverage analysis; stored so it is computed once.
  centroid geometry(Point, 4326) NOT NULL CHECK (geom_ok(centroid))
);
CREATE INDEX grid_cell_geom_idx ON grid_cell USING gist (geom);
CREATE INDEX grid_cell_centroid_idx ON grid_cell USING gist (centroid);
CREATE INDEX grid_cell_community_idx ON grid_cell (community_code);
CREATE INDEX grid_cell_subdistrict_idx ON grid_cell (subdistrict_code);

-- Basemap features drawn from our own data (rivers, lakes, main roads, parks).
CREATE TABLE basemap_feature (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('river', 'lake', 'road', 'park')),
  name text,
  name_en text,
  geom geometry(Geometry, 4326) NOT NULL CHECK (geom_ok(geom))
);
CREATE INDEX basemap_feature_geom_idx ON basemap_feature USING gist (geom);

-- Organisation and taxonomy -------------------------------------------------------------------

CREATE TABLE department (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,31}$'),
  name text NOT NULL,
  name_en text NOT NULL,
  kind text NOT NULL DEFAULT 'functional' CHECK (kind IN ('subdistrict', 'functional', 'enterprise'))
);
ALTER TABLE app_user ADD FOREIGN KEY (department_code) REFERENCES department (code);

-- The component/event taxonomy: majors (e.g. 101) and subcategories (e.g. 10101).
CREATE TABLE category (
  code text PRIMARY KEY CHECK (code ~ '^[12][0-9]{2}([0-9]{2})?$'),
  parent_code text REFERENCES category (code),
  kind text NOT NULL CHECK (kind IN ('component', 'event')),
  name text NOT NULL,
  name_en text NOT NULL,
  -- {"filing": {"amount": 30, "unit": "minutes"}, "handling": {...}, "verification": {...}}
  limits jsonb,
  urgent boolean NOT NULL DEFAULT false,
  default_department text REFERENCES department (code),
  weight double precision NOT NULL DEFAULT 1 CHECK (weight >= 0 AND finite(weight)),
  CHECK ((length(code) = 3) = (parent_code IS NULL)),
  CHECK (length(code) = 3 OR limits IS NOT NULL)
);

-- The duty list (权责清单): category × area → department. NULL category/area = any.
CREATE TABLE routing_rule (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_code text REFERENCES category (code),
  area_code text REFERENCES admin_area (code),
  department_code text NOT NULL REFERENCES department (code),
  responsibility text NOT NULL DEFAULT 'primary' CHECK (responsibility IN ('primary', 'assisting')),
  priority integer NOT NULL DEFAULT 100,
  auto_dispatch boolean NOT NULL DEFAULT false
);
CREATE INDEX routing_rule_category_idx ON routing_rule (category_code);

-- Working calendar exceptions: holidays and make-up working days (调休).
CREATE TABLE calendar_day (
  day date PRIMARY KEY,
  working boolean NOT NULL,
  note text
);

-- Places: every point is placed in its grid cell, community and subdistrict by the database.
CREATE FUNCTION place_point() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- why: the database, not the caller, decides where a point lies (one truth for scoping).
  SELECT g.id, g.community_code, g.subdistrict_code
    INTO NEW.grid_cell_id, NEW.community_code, NEW.subdistrict_code
    FROM grid_cell g
   WHERE g.geom && NEW.geom AND ST_Intersects(g.geom, NEW.geom)
   ORDER BY g.id
   LIMIT 1;
  IF NOT FOUND THEN
    NEW.grid_cell_id := NULL;
    SELECT a.code, a.parent_code INTO NEW.community_code, NEW.subdistrict_code
      FROM admin_area a
     WHERE a.level = 'community' AND a.geom && NEW.geom AND ST_Intersects(a.geom, NEW.geom)
     ORDER BY a.code
     LIMIT 1;
    IF NOT FOUND THEN
      NEW.community_code := NULL;
      NEW.subdistrict_code := NULL;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TABLE service_point (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('meal', 'daycare', 'clinic', 'station', 'police')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_en text,
  address text,
  capacity integer CHECK (capacity >= 0),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'planned', 'closed')),
  geom geometry(Point, 4326) NOT NULL CHECK (geom_ok(geom)),
  grid_cell_id integer REFERENCES grid_cell (id),
  community_code text REFERENCES admin_area (code),
  subdistrict_code text REFERENCES admin_area (code),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_point_geom_idx ON service_point USING gist (geom);
CREATE INDEX service_point_type_idx ON service_point (type, status);
CREATE TRIGGER service_point_place BEFORE INSERT OR UPDATE OF geom ON service_point
  FOR EACH ROW EXECUTE FUNCTION place_point();

-- Cases ---------------------------------------------------------------------------------------

CREATE TABLE incident (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- why: a human-readable case number, stable and unique, derived from the id.
  number text GENERATED ALWAYS AS ('LX' || lpad(id::text, 8, '0')) STORED UNIQUE,
  tracking_code text NOT NULL UNIQUE CHECK (tracking_code ~ '^[A-Z0-9]{8,16}$'),
  category_code text NOT NULL REFERENCES category (code),
  source text NOT NULL CHECK (source IN ('gridworker', 'resident', 'hotline', 'open311', 'sensor', 'video', 'superior')),
  state text NOT NULL CHECK (state IN ('reported', 'filed', 'dispatched', 'in_progress', 'handled', 'verified',
                                       'closed', 'rejected', 'returned', 'reopened', 'outstanding', 'merged')),
  priority smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
  address text,
  geom geometry(Point, 4326) NOT NULL CHECK (geom_ok(geom)),
  grid_cell_id integer REFERENCES grid_cell (id),
  community_code text REFERENCES admin_area (code),
  subdistrict_code text REFERENCES admin_area (code),
  department_code text REFERENCES department (code),
  merged_into bigint REFERENCES incident (id),
  -- The SLA clock of the current stage ('filing', 'handling', 'verification').
  stage text CHECK (stage IN ('filing', 'handling', 'verification')),
  stage_started_at timestamptz,
  deadline_at timestamptz,
  -- The handling deadline that decides "cases due" and "closed on time" (DOMAIN.md indicators).
  due_at timestamptz,
  reported_at timestamptz NOT NULL DEFAULT now(),
  filed_at timestamptz,
  dispatched_at timestamptz,
  responded_at timestamptz,
  handled_at timestamptz,
  closed_at timestamptz,
  closed_on_time boolean,
  rework_count integer NOT NULL DEFAULT 0 CHECK (rework_count >= 0),
  return_count integer NOT NULL DEFAULT 0 CHECK (return_count >= 0),
  extended boolean NOT NULL DEFAULT false,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  rated_at timestamptz,
  sensor_alert_id bigint,
  -- Optimistic concurrency: two operators acting at once, exactly one wins.
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_geom_idx ON incident USING gist (geom);
CREATE INDEX incident_state_deadline_idx ON incident (state, deadline_at);
CREATE INDEX incident_subdistrict_idx ON incident (subdistrict_code, reported_at);
CREATE INDEX incident_category_idx ON incident (category_code, reported_at);
CREATE INDEX incident_reported_idx ON incident (reported_at);
CREATE INDEX incident_due_idx ON incident (due_at);
CREATE INDEX incident_grid_idx ON incident (grid_cell_id);
CREATE TRIGGER incident_place BEFORE INSERT OR UPDATE OF geom ON incident
  FOR EACH ROW EXECUTE FUNCTION place_point();

-- Personal data of reporters, kept apart so that only roles that need it can read it.
CREATE TABLE incident_contact (
  incident_id bigint PRIMARY KEY REFERENCES incident (id) ON DELETE CASCADE,
  name text CHECK (length(name) <= 100),
  phone text CHECK (length(phone) <= 40),
  email text CHECK (length(email) <= 200)
);

-- Append-only history: every stage and who moved it.
CREATE TABLE incident_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incident (id),
  seq integer NOT NULL CHECK (seq >= 1),
  action text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  actor_role text NOT NULL,
  actor_user_id integer REFERENCES app_user (id),
  department_code text REFERENCES department (code),
  note text CHECK (length(note) <= 4000),
  photos text[],
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, seq)
);
CREATE INDEX incident_event_at_idx ON incident_event (at);

CREATE FUNCTION forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER incident_event_append_only BEFORE UPDATE OR DELETE ON incident_event
  FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- 吹哨报到: one case dispatched to several departments, each part tracked.
CREATE TABLE incident_part (
  incident_id bigint NOT NULL REFERENCES incident (id),
  department_code text NOT NULL REFERENCES department (code),
  state text NOT NULL CHECK (state IN ('dispatched', 'in_progress', 'handled', 'returned')),
  dispatched_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  handled_at timestamptz,
  PRIMARY KEY (incident_id, department_code)
);

CREATE TABLE extension_request (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incident (id),
  requested_by integer REFERENCES app_user (id),
  department_code text REFERENCES department (code),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  amount integer NOT NULL CHECK (amount > 0),
  unit text NOT NULL CHECK (unit IN ('minutes', 'hours', 'days')),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'denied')),
  decided_by integer REFERENCES app_user (id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);

CREATE TABLE incident_photo (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incident (id),
  -- Server-chosen name; the client's file name is never stored.
  name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9]{16,64}\.(jpg|png|webp)$'),
  mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_photo_incident_idx ON incident_photo (incident_id);

-- Sensors -------------------------------------------------------------------------------------

-- Protected household records (elderly living alone); no personal data in the sensor table.
CREATE TABLE household (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  grid_cell_id integer NOT NULL REFERENCES grid_cell (id),
  subdistrict_code text NOT NULL REFERENCES admin_area (code),
  head_name text NOT NULL,
  phone text,
  address text NOT NULL,
  members integer NOT NULL DEFAULT 1 CHECK (members >= 1),
  living_alone boolean NOT NULL DEFAULT false,
  aged integer CHECK (aged BETWEEN 0 AND 130)
);
CREATE INDEX household_grid_idx ON household (grid_cell_id);

CREATE TABLE sensor_type (
  code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,32}$'),
  name text NOT NULL,
  name_en text NOT NULL,
  -- [{"name": "ph", "unit": "pH", "min": 0, "max": 14}, ...]
  metrics jsonb NOT NULL,
  interval_s integer NOT NULL CHECK (interval_s > 0)
);

CREATE TABLE sensor (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9-]{3,40}$'),
  type text NOT NULL REFERENCES sensor_type (code),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'fault')),
  household_id integer REFERENCES household (id),
  -- A per-device key, stored only as a hash.
  key_hash text,
  installed_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  geom geometry(Point, 4326) NOT NULL CHECK (geom_ok(geom)),
  grid_cell_id integer REFERENCES grid_cell (id),
  community_code text REFERENCES admin_area (code),
  subdistrict_code text REFERENCES admin_area (code)
);
CREATE INDEX sensor_geom_idx ON sensor USING gist (geom);
CREATE INDEX sensor_type_idx ON sensor (type);
CREATE TRIGGER sensor_place BEFORE INSERT OR UPDATE OF geom ON sensor
  FOR EACH ROW EXECUTE FUNCTION place_point();

-- Gateway keys may write for a listed set of sensors.
CREATE TABLE ingest_key (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_hash text NOT NULL UNIQUE,
  label text NOT NULL,
  sensor_ids integer[],
  all_sensors boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- The primary key makes ingestion idempotent: a repeat of (sensor, metric, ts) is ignored.
CREATE TABLE reading (
  sensor_id integer NOT NULL REFERENCES sensor (id),
  metric text NOT NULL,
  ts timestamptz NOT NULL,
  value double precision NOT NULL CHECK (finite(value)),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sensor_id, metric, ts)
);
CREATE INDEX reading_ts_idx ON reading USING brin (ts);

CREATE TABLE alert_rule (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sensor_type text NOT NULL REFERENCES sensor_type (code),
  kind text NOT NULL CHECK (kind IN ('threshold', 'rate', 'no_activity', 'silence')),
  metric text,
  params jsonb NOT NULL DEFAULT '{}',
  severity text NOT NULL CHECK (severity IN ('red', 'yellow', 'blue')),
  opens_case boolean NOT NULL DEFAULT false,
  case_category text REFERENCES category (code),
  enabled boolean NOT NULL DEFAULT true,
  name text NOT NULL,
  name_en text NOT NULL
);

-- Incremental rule evaluation keeps its state per sensor and rule, not by rescanning history.
CREATE TABLE rule_state (
  sensor_id integer NOT NULL REFERENCES sensor (id),
  rule_id integer NOT NULL REFERENCES alert_rule (id),
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sensor_id, rule_id)
);

CREATE TABLE alert (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sensor_id integer NOT NULL REFERENCES sensor (id),
  rule_id integer NOT NULL REFERENCES alert_rule (id),
  severity text NOT NULL CHECK (severity IN ('red', 'yellow', 'blue')),
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
  value double precision CHECK (finite(value)),
  message text,
  opened_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz,
  acknowledged_by integer REFERENCES app_user (id),
  resolved_at timestamptz,
  incident_id bigint REFERENCES incident (id)
);
-- At most one unresolved alert per sensor and rule (hysteresis builds on this).
CREATE UNIQUE INDEX alert_one_open_idx ON alert (sensor_id, rule_id) WHERE state <> 'resolved';
CREATE INDEX alert_state_idx ON alert (state, opened_at);
ALTER TABLE incident ADD FOREIGN KEY (sensor_alert_id) REFERENCES alert (id);

-- Accounts, sessions, audit (shape here; behaviour in the accounts work) -----------------------

CREATE TABLE session (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX session_user_idx ON session (user_id);

CREATE TABLE login_attempt (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text,
  client text,
  ok boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempt_user_idx ON login_attempt (username, at);
CREATE INDEX login_attempt_client_idx ON login_attempt (client, at);

-- Who read which personal data, when and under which scope: never the data itself.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id integer REFERENCES app_user (id),
  username text NOT NULL,
  role text NOT NULL,
  action text NOT NULL,
  subject_kind text NOT NULL,
  subject_id text,
  scope_reason text,
  client text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE TABLE open311_key (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key_hash text NOT NULL UNIQUE,
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Planner scenarios ----------------------------------------------------------------------------

CREATE TABLE scenario (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  owner_id integer REFERENCES app_user (id),
  service_type text NOT NULL CHECK (service_type IN ('meal', 'daycare', 'clinic', 'station', 'police')),
  -- {"radius": 500, "segment": "age60", "detour": 1.3}
  params jsonb NOT NULL,
  -- {"added": [{"lon", "lat", "name"}], "removed": [ids], "moved": [{id, lon, lat}]}
  changes jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Leaders' warnings --------------------------------------------------------------------------

CREATE TABLE warning (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule text NOT NULL,
  tier text NOT NULL CHECK (tier IN ('red', 'yellow', 'blue')),
  area_code text NOT NULL REFERENCES admin_area (code),
  indicator text,
  value double precision CHECK (finite(value)),
  period_start date,
  period_end date,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'cleared')),
  note text,
  acknowledged_by integer REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_at timestamptz
);

-- The change feed's durable log: live clients that reconnect with Last-Event-ID re-sync from it,
-- and layer versions (ETags) derive from it.
CREATE TABLE change_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('incident', 'alert', 'service_point', 'sensor', 'warning')),
  entity_id bigint NOT NULL,
  op text NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  subdistrict_code text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_kind_idx ON change_log (kind, id);
