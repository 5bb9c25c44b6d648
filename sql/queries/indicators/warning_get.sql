-- purpose: one warning's state and the subdistrict it lies in (scope check before acknowledging).
-- parameters: $1 bigint warning id.
-- SRID: n/a.
SELECT w.id::int AS id,
       w.state,
       CASE WHEN a.level = 'community' THEN a.parent_code ELSE a.code END AS "subdistrictCode"
  FROM warning w
  JOIN admin_area a ON a.code = w.area_code
 WHERE w.id = $1
