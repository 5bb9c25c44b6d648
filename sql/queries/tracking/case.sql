-- purpose: one case as the public tracking page shows it, found by its tracking code. Only
--   fields that are safe for anyone holding the code: no description, address, contact,
--   department, staff or photos; the exact point is returned for rounding in code
--   (publicLocation) and never leaves the server as is.
-- parameters: $1 text tracking code (already checked against ^[A-Z0-9]{8,16}$).
-- SRID: 4326 (lon/lat of the case's point).
SELECT i.id, i.number, i.category_code AS "categoryCode", c.name AS "categoryZh",
       c.name_en AS "categoryEn", i.state, m.number AS "mergedInto", i.reported_at AS "reportedAt",
       i.closed_at AS "closedAt", i.rating, i.rated_at AS "ratedAt", ST_X(i.geom) AS lon,
       ST_Y(i.geom) AS lat
FROM incident i
JOIN category c ON c.code = i.category_code
LEFT JOIN incident m ON m.id = i.merged_into
WHERE i.tracking_code = $1
