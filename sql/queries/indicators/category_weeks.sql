-- purpose: cases accepted per week, subdistrict and major category (the weekly trends chart and
--   the surge warning rule). Week k covers [$1 + 7k days, $1 + 7(k+1) days).
-- parameters: $1 timestamptz start of the first week; $2 timestamptz end (exclusive);
--   $3 text[] subdistrict codes in scope, NULL for the whole district; $4 text an area code
--   (subdistrict or community) to narrow to, NULL for all.
-- SRID: n/a.
WITH week_case AS (
  -- why: merged duplicates are not accepted reports (the same rule as indicators/counts).
  -- Counted per category first (a hash aggregate over the cases), rolled up to the major
  -- category after: sorting every case row for the group spilled to disk at scale 10.
  SELECT i.subdistrict_code,
         i.category_code,
         floor(extract(epoch FROM (i.reported_at - $1::timestamptz)) / 604800)::int AS week,
         count(*) AS cases
    FROM incident i
   WHERE i.reported_at >= $1 AND i.reported_at < $2
     AND i.state <> 'merged'
     AND i.subdistrict_code IS NOT NULL
     AND ($3::text[] IS NULL OR i.subdistrict_code = ANY ($3::text[]))
     AND ($4::text IS NULL OR i.subdistrict_code = $4 OR i.community_code = $4)
   GROUP BY 1, 2, 3
)
SELECT w.subdistrict_code AS "subdistrictCode",
       m.code AS category,
       m.name,
       m.name_en AS "nameEn",
       w.week,
       sum(w.cases)::int AS cases
  FROM week_case w
  JOIN category c ON c.code = w.category_code
  JOIN category m ON m.code = coalesce(c.parent_code, c.code)
 GROUP BY w.subdistrict_code, m.code, m.name, m.name_en, w.week
 ORDER BY w.subdistrict_code, m.code, w.week
