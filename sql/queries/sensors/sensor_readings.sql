-- purpose: a sensor's recent readings per metric for a chart, averaged into time buckets so a
--   long window or a chatty device returns a bounded number of points (primary key range scan).
-- parameters: $1 int sensor id, $2 timestamptz from, $3 timestamptz to, $4 int bucket seconds.
-- SRID: n/a.
SELECT r.metric,
  (extract(epoch FROM date_bin(make_interval(secs => $4::int), r.ts, '2000-01-01'::timestamptz))
    * 1000)::float8 AS t,
  avg(r.value)::float8 AS v
FROM reading r
WHERE r.sensor_id = $1::int
  AND r.ts >= $2::timestamptz
  AND r.ts < $3::timestamptz
GROUP BY r.metric, t
ORDER BY r.metric, t
