-- purpose: average handling time by major category: hours from the first dispatch to the last
--   handling, over the cases handled in the period.
-- parameters: $1 timestamptz start of the period; $2 timestamptz end (exclusive); $3 text[]
--   subdistrict codes in scope, NULL for all; $4 text an area code (subdistrict or community),
--   NULL for all.
-- SRID: n/a.
WITH handled AS (
  SELECT coalesce(c.parent_code, c.code) AS major,
         extract(epoch FROM (i.handled_at - i.dispatched_at)) / 3600 AS hours
    FROM incident i
    JOIN category c ON c.code = i.category_code
   WHERE i.handled_at >= $1 AND i.handled_at < $2
     AND i.dispatched_at IS NOT NULL
     AND i.state <> 'merged'
     AND ($3::text[] IS NULL OR i.subdistrict_code = ANY ($3::text[]))
     AND ($4::text IS NULL OR i.subdistrict_code = $4 OR i.community_code = $4)
)
SELECT h.major AS category,
       m.name,
       m.name_en AS "nameEn",
       count(*)::int AS cases,
       round(avg(h.hours)::numeric, 2)::float8 AS "avgHours"
  FROM handled h
  JOIN category m ON m.code = h.major
 GROUP BY h.major, m.name, m.name_en
 ORDER BY h.major
