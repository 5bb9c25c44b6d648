-- purpose: the demand side of coverage analysis, loaded once per data version: every grid cell
--   with its segment counts, its stored centroid as lon/lat, its community and subdistrict and
--   its outline (for desert polygons).
-- parameters: none. SRID: 4326 (lon/lat degrees).
SELECT g.id,
       g.code,
       g.community_code AS community,
       g.subdistrict_code AS subdistrict,
       g.residents,
       g.aged60,
       g.aged80,
       g.alone_elderly AS alone,
       ST_X(g.centroid) AS lon,
       ST_Y(g.centroid) AS lat,
       ST_AsGeoJSON(g.geom)::json AS geometry
FROM grid_cell g
ORDER BY g.id
