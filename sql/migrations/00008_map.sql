-- The operations map (issue 3): the live change feed's notification and the search indexes.
-- Forward-only: never edit once landed.

-- why: every change is a change_log row written in the same transaction as the change itself;
-- NOTIFY is delivered only at commit, so a listener never hears of a change it cannot read yet.
-- One notification per statement (a transition table), not per row: a bulk insert of alerts is
-- one message. The payload is the statement's "min:max" change_log ids; the listener reads that
-- id range (rows of other transactions in it are read when their own notice arrives, and
-- deduplicated). The same trigger serves PGlite (pg.listen, in-process) and PostgreSQL
-- (LISTEN/NOTIFY across app instances).
CREATE FUNCTION change_log_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  lo bigint;
  hi bigint;
BEGIN
  SELECT min(id), max(id) INTO lo, hi FROM new_rows;
  IF lo IS NOT NULL THEN
    PERFORM pg_notify('jiedao_change', lo || ':' || hi);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER change_log_notify AFTER INSERT ON change_log
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION change_log_notify();

-- why: one definition of the urgency tier the map draws, in SQL so tiles can filter and count by
-- it. Overdue is exact (the deadline passed, by the wall clock, as in src/lib/domain/sla.ts);
-- red/yellow/blue use the wall-clock share of the stage's time left (the case panel shows the
-- working-calendar tier). 'none' when no SLA clock runs. IMMUTABLE: "now" is a parameter.
CREATE FUNCTION map_urgency(stage text, started timestamptz, deadline timestamptz, now timestamptz)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN stage IS NULL OR started IS NULL OR deadline IS NULL THEN 'none'
    WHEN deadline <= now THEN 'overdue'
    WHEN deadline <= started THEN 'red'
    WHEN extract(epoch FROM deadline - now) <= 0.2 * extract(epoch FROM deadline - started) THEN 'red'
    WHEN extract(epoch FROM deadline - now) <= 0.5 * extract(epoch FROM deadline - started) THEN 'yellow'
    ELSE 'blue'
  END
$$;

-- why: map search matches grid codes and case numbers by prefix; a plain btree on text serves
-- LIKE 'prefix%' only under the C collation, text_pattern_ops does under any.
CREATE INDEX grid_cell_code_prefix_idx ON grid_cell (code text_pattern_ops);
CREATE INDEX incident_number_prefix_idx ON incident (number text_pattern_ops);

-- why: the sensors layer picks the worst open alert per sensor.
CREATE INDEX alert_open_sensor_idx ON alert (sensor_id) WHERE state <> 'resolved';
