-- purpose: the working calendar's exceptions (holidays and make-up working days, 调休).
-- parameters: none.
-- SRID: n/a.
SELECT to_char(c.day, 'YYYY-MM-DD') AS day, c.working
FROM calendar_day c
ORDER BY c.day
