-- purpose: cases accepted per week, subdistrict and major category (the weekly trends chart and
--   the surge warning rule). Week k covers [$1 + 7k days, $1 + 7(k+1) days).
-- parameters: $1 timestamptz start of the first week; $2 timestamptz end (exclusive);
--   $3 text[] subdistrict codes in scope, NULL for the whole district; $4 text an area code
--   (subdistrict or community) to narrow to, NULL for all.
-- SRID: n/a.
WITH week_case AS (
  -- why: merged duplicates are not accepted reports (the same rule as indicators/counts)
  SELECT i.subdistrict_code,
         coalesce(c.parent_code, c.code) AS major,
         floor(extract(epoch FROM (i.reported_at - $1::timestamptz)) / 604800)::int AS week
    FROM incident i
    JOIN category c ON c.code = i.category_code
   WHERE i.reported_at >= $1 AND i.reported_at < $2
     AND i.state <> 'merged'
     AND i.subdistrict_code IS NOT NULL
     AND ($3::text[] IS NULL OR i.subdistrict_code = ANY ($3::text[]))
     AND ($4::text IS NULL OR i.subdistrict_code = $4 OR i.community_code = $4)
)
SELECT w.subdistrict_code AS "subdistrictCode",
       w.major AS category,
       m.name,
       m.name_en AS "nameEn",
       w.week,
       count(*)::int AS cases
  FROM week_case w
  JOIN category m ON m.code = w.major
 GROUP BY w.subdistrict_code, w.major, m.name, m.name_en, w.week
 ORDER BY w.subdistrict_code, w.major, w.week
