-- purpose: how many enabled admins exist (first-admin bootstrap; never disable the last one).
-- parameters: none. SRID: n/a.
SELECT count(*)::int AS n FROM app_user WHERE role = 'admin' AND NOT disabled
