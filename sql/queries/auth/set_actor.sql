-- purpose: tell row-level security who is asking, for this transaction only.
-- parameters: $1 role, $2 scope ('all' or comma-separated subdistrict codes), $3 user id text.
-- SRID: n/a.
SELECT set_config('jiedao.role', $1, true), set_config('jiedao.scope', $2, true),
       set_config('jiedao.user_id', $3, true)
