-- purpose: set the staff count of several admin areas.
-- parameters: $1 text[] area codes, $2 int[] staff counts.
-- SRID: n/a.
UPDATE admin_area AS a
SET staff_count = u.staff
FROM unnest($1::text[], $2::int[]) AS u(code, staff)
WHERE a.code = u.code
