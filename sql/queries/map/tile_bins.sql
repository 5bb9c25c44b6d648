-- purpose: the cases in one vector tile below street zoom (z < 14), aggregated into square bins
--   of $16 tile units (1/32 of the tile), each drawn at its members' mean position with
--   { count, overdue } — so city scale never draws 200k points. A case on a tile edge belongs to
--   exactly one tile (half-open bins), so counts over a tile set sum to the filtered total.
-- parameters: as map/tile_points ($8..$11 the unbuffered tile), but $16 int bin size in tile units.
-- SRID: 4326 in; tile coordinates (EPSG:3857 scaled to the extent, y down) out.
WITH picked AS (
  -- why: the GiST index on incident.geom narrows to the tile first; filters are parameters.
  SELECT map_urgency(i.stage, i.stage_started_at, i.deadline_at, $7::timestamptz) AS urgency,
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
  SELECT p.urgency,
         (p.lon * 20037508.342789244 / 180 - $12::float8) * $15::int / $14::float8 AS x,
         ($13::float8 - ln(tan(pi() / 4 + radians(p.lat) / 2)) * 6378137) * $15::int / $14::float8 AS y
    FROM picked p
   WHERE $6::text[] IS NULL OR p.urgency = ANY ($6::text[])
),
binned AS (
  -- why: half-open [0, extent): a point on the east or south edge belongs to the next tile.
  SELECT floor(x / $16::int) AS bx, floor(y / $16::int) AS by, x, y, urgency
    FROM placed
   WHERE x >= 0 AND x < $15::int AND y >= 0 AND y < $15::int
)
SELECT (by * ($15::int / $16::int) + bx)::int AS id,
       count(*)::int AS count,
       (count(*) FILTER (WHERE urgency = 'overdue'))::int AS overdue,
       round(avg(x))::int AS x,
       round(avg(y))::int AS y
  FROM binned
 GROUP BY bx, by
 ORDER BY 1
