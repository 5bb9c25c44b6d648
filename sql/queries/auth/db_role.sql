-- purpose: start-up check that the app's PostgreSQL role cannot bypass row-level security.
-- parameters: none. SRID: n/a.
SELECT current_user AS "role", r.rolsuper AS "superuser", r.rolbypassrls AS "bypassRls"
FROM pg_roles r
WHERE r.rolname = current_user
