-- purpose: declare one day a holiday (working = false) or a make-up working day (true).
-- parameters: $1 date day, $2 bool working, $3 text note.
-- SRID: n/a.
INSERT INTO calendar_day (day, working, note)
VALUES ($1::date, $2, $3)
ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, note = EXCLUDED.note
