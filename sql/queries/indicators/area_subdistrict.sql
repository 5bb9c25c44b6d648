-- purpose: the subdistrict an admin area lies in (itself for a subdistrict), for scope checks.
-- parameters: $1 text 12-digit area code.
-- SRID: n/a.
SELECT CASE WHEN level = 'community' THEN parent_code ELSE code END AS sub
  FROM admin_area
 WHERE code = $1 AND level IN ('subdistrict', 'community')
