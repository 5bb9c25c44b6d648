-- purpose: the cases in one vector tile at street zoom (z >= 14): one row per case with its
--   tile-space coordinates, ready for either encoder (ST_AsMVT on PostgreSQL through
--   map/tile_mvt, vt-pbf in Node on PGlite, whose PostGIS has no MVT functions).
-- parameters: $1 timestamptz window start, $2 timestamptz window end (exclusive), $3 text[] states,
--   $4 text[] category codes (NULL = all), $5 text[] subdistrict codes (NULL = all),
--   $6 text[] urgency tiers (NULL = all), $7 timestamptz "now" for urgency, $8..$11 float8
--   west, south, east, north of the buffered tile (index prefilter), $12 float8 tile xmin and
--   $13 float8 tile ymax in Web Mercator metres, $14 float8 tile size in metres, $15 int extent,
--   $16 int buffer in tile units.
--   The buffer test is on exact positions (as ST_AsMVTGeom clips), rounding comes after.
-- SRID: 4326 in; tile coordinates (EPSG:3857 scaled to the extent, y down) out.
WITH picked AS (
  -- why: the GiST index on incident.geom narrows to the tile first; filters are parameters.
  SELECT i.id, i.number, i.state, i.category_code, i.priority,
         map_urgency(i.stage, i.stage_started_at, i.deadline_at, $7::timestamptz) AS urgency,
         ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
    FROM incident i
   WHERE i.geom && ST_MakeEnvelope($8::float8, $9::float8, $10::float8, $11::float8, 4326)
     AND i.reported_at >= $1::timestamptz AND i.reported_at < $2::timestamptz
     AND i.state = ANY ($3::text[])
     AND ($4::text[] IS NULL OR i.category_code = ANY ($4::text[]))
     AND ($5::text[] IS NULL OR i.subdistrict_code = ANY ($5::text[]))
),
placed AS (
  -- why: Web Mercator by arithmetic (what ST_Transform to 3857 computes), then tile units.
  SELECT p.*,
         ((p.lon * 20037508.342789244 / 180 - $12::float8) * $15::int / $14::float8) AS x,
         (($13::float8 - ln(tan(pi() / 4 + radians(p.lat) / 2)) * 6378137) * $15::int / $14::float8) AS y
    FROM picked p
   WHERE $6::text[] IS NULL OR p.urgency = ANY ($6::text[])
)
SELECT id, number, state, category_code AS category, priority::int AS priority, urgency,
       round(x)::int AS x, round(y)::int AS y
  FROM placed
 WHERE x BETWEEN -$16::int AND $15::int + $16::int AND y BETWEEN -$16::int AND $15::int + $16::int
 ORDER BY id
