-- purpose: how much data is already there (the seed CLI refuses to seed over data).
-- parameters: none.
-- SRID: n/a.
SELECT
  (SELECT count(*)::int FROM admin_area) AS admin_areas,
  (SELECT count(*)::int FROM grid_cell) AS grid_cells,
  (SELECT count(*)::int FROM service_point) AS service_points,
  (SELECT count(*)::int FROM incident) AS incidents,
  (SELECT count(*)::int FROM sensor) AS sensors
