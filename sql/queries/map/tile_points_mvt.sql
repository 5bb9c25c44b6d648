-- purpose: encode the rows of map/tile_points as one MVT layer "incidents" on PostgreSQL
--   (PGlite's PostGIS is built without protobuf; there Node encodes the same rows). The service
--   puts the map/tile_points statement (a trusted query file, never user text) where the rows
--   placeholder stands. id becomes the feature id, x/y the point, the rest properties.
-- parameters: those of map/tile_points.
-- SRID: tile coordinates in, MVT bytes out.
SELECT ST_AsMVT(t, 'incidents', 4096, 'geom', 'id') AS tile
  FROM (
    SELECT r.id, r.number, r.state, r.category, r.priority, r.urgency,
           ST_MakePoint(r.x, r.y) AS geom
      FROM (ROWS_QUERY) AS r
  ) AS t
