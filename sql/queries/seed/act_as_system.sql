-- purpose: act as 'system' for the rest of the seeding transaction, so the row-level security
--   policies on personal data (household, incident_contact; migration 00002) let the seed write
--   them when the app's role is not a superuser.
-- parameters: none.
-- SRID: n/a.
SELECT set_config('jiedao.role', 'system', true) AS role
