-- purpose: the heatmap layer: filtered cases in a bbox binned into cells of about $12 x $13
--   degrees (the caller converts metres at the bbox's mid-latitude), each cell as its members'
--   mean position and count.
-- parameters: $1..$7 as map/tile_points (window, states, categories, subdistricts, urgency, now),
--   $8..$11 float8 west, south, east, north, $12 float8 cell width in degrees of longitude,
--   $13 float8 cell height in degrees of latitude.
-- SRID: 4326 in and out.
WITH picked AS (
  -- why: the GiST index on incident.geom narrows to the bbox first; filters are parameters.
  SELECT ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
         map_urgency(i.stage, i.stage_started_at, i.deadline_at, $7::timestamptz) AS urgency
    FROM incident i
   WHERE i.geom && ST_MakeEnvelope($8::float8, $9::float8, $10::float8, $11::float8, 4326)
     AND i.reported_at >= $1::timestamptz AND i.reported_at < $2::timestamptz
     AND i.state = ANY ($3::text[])
     AND ($4::text[] IS NULL OR i.category_code = ANY ($4::text[]))
     AND ($5::text[] IS NULL OR i.subdistrict_code = ANY ($5::text[]))
)
SELECT avg(lon)::float8 AS lon, avg(lat)::float8 AS lat, count(*)::int AS weight
  FROM picked
 WHERE $6::text[] IS NULL OR urgency = ANY ($6::text[])
 GROUP BY floor((lon - $8::float8) / $12::float8), floor((lat - $9::float8) / $13::float8)
 ORDER BY 1, 2
