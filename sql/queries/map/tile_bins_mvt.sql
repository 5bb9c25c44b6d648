-- purpose: encode the rows of map/tile_bins as one MVT layer "incidents" on PostgreSQL (see
--   map/tile_points_mvt). id (the bin index) becomes the feature id, x/y the point.
-- parameters: those of map/tile_bins.
-- SRID: tile coordinates in, MVT bytes out.
SELECT ST_AsMVT(t, 'incidents', 4096, 'geom', 'id') AS tile
  FROM (
    SELECT r.id, r.count, r.overdue, ST_MakePoint(r.x, r.y) AS geom
      FROM (ROWS_QUERY) AS r
  ) AS t
