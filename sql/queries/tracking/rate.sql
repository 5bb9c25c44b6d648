-- purpose: a resident's 1–5 rating of a closed case, once. The WHERE is the rule (closed and not
--   yet rated), so of two concurrent ratings exactly one updates a row; the change is published to
--   the change feed in the same statement. No row back = not closed or already rated.
-- parameters: $1 text tracking code, $2 int2 rating (1–5).
-- SRID: n/a.
WITH rated AS (
  -- why: the state and rating test sits in the UPDATE itself, not in a prior SELECT (no race).
  UPDATE incident
     SET rating = $2, rated_at = now(), updated_at = now()
   WHERE tracking_code = $1 AND state = 'closed' AND rating IS NULL
  RETURNING id, subdistrict_code, rating, rated_at
),
logged AS (
  -- why: live views (map, indicators) refresh from the change log.
  INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
  SELECT 'incident', id, 'update', subdistrict_code FROM rated
  RETURNING id
)
SELECT r.rating, r.rated_at AS "ratedAt", (SELECT count(*)::int FROM logged) AS logged
FROM rated r
