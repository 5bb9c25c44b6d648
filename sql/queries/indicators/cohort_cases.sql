-- purpose: the case ids behind baseline and surge warnings, for many warnings in one statement:
--   cases due in a period that were not closed on time by its end (baseline on the "due" rates),
--   or cases accepted in a period, optionally of one major category (surge, and baseline on the
--   "accepted" rates).
-- parameters: $1 text[] keys (one per warning, returned as is); $2 text[] cohorts ('due' |
--   'accepted'); $3 text[] subdistrict codes; $4 text[] major category codes (NULL entries: any);
--   $5 timestamptz[] starts; $6 timestamptz the common end (exclusive).
-- SRID: n/a.
WITH wanted AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
           AS k (key, cohort, area, category, p_from)
)
SELECT k.key,
       array_agg(i.id::int ORDER BY i.id) AS ids
  FROM wanted k
  JOIN incident i ON i.subdistrict_code = k.area AND i.state <> 'merged'
  JOIN category c ON c.code = i.category_code
 WHERE (k.category IS NULL OR coalesce(c.parent_code, c.code) = k.category)
   AND CASE WHEN k.cohort = 'due'
            THEN i.due_at >= k.p_from AND i.due_at < $6
                 AND NOT coalesce(i.state = 'closed' AND i.closed_at < $6 AND i.closed_on_time, false)
            ELSE i.reported_at >= k.p_from AND i.reported_at < $6
       END
 GROUP BY k.key
