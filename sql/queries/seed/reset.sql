-- purpose: empty every data table (`npm run db:seed -- --reset`), keeping the schema and the
--   record of applied migrations; identities restart at 1. Table names come from the catalog and
--   are quoted with format('%I'), never from input.
-- parameters: none.
-- SRID: n/a.
DO $$
DECLARE
  tables text;
BEGIN
  SELECT string_agg(format('%I.%I', schemaname, tablename), ', ' ORDER BY tablename)
    INTO tables
    FROM pg_tables
   WHERE schemaname = current_schema()
     AND tablename NOT IN ('schema_migration', 'spatial_ref_sys');
  IF tables IS NOT NULL THEN
    EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE';
  END IF;
END
$$
