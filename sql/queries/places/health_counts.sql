-- purpose: row counts for /api/health, one round trip.
-- parameters: none. SRID: n/a.
SELECT
  (SELECT count(*)::int FROM admin_area WHERE level = 'subdistrict') AS subdistricts,
  (SELECT count(*)::int FROM admin_area WHERE level = 'community') AS communities,
  (SELECT count(*)::int FROM grid_cell) AS "gridCells",
  (SELECT count(*)::int FROM service_point) AS "servicePoints",
  (SELECT count(*)::int FROM incident) AS incidents,
  (SELECT count(*)::int FROM sensor) AS sensors,
  (SELECT count(*)::int FROM reading) AS readings,
  (SELECT count(*)::int FROM alert WHERE state <> 'resolved') AS "openAlerts",
  postgis_lib_version() AS postgis
