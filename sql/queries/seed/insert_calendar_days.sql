-- purpose: working-calendar exceptions: public holidays and make-up working days (调休).
-- parameters: $1 date[] days, $2 bool[] working, $3 text[] notes.
-- SRID: n/a.
INSERT INTO calendar_day (day, working, note)
SELECT day, working, note
FROM unnest($1::date[], $2::bool[], $3::text[]) AS u(day, working, note)
RETURNING day
