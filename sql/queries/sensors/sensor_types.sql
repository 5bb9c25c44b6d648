-- purpose: the sensor types with their names (filters and labels).
-- parameters: none.
-- SRID: n/a.
SELECT t.code, t.name, t.name_en AS "nameEn", t.interval_s AS "intervalS" FROM sensor_type t ORDER BY t.code
