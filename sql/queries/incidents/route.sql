-- purpose: the duty list's suggestion for a case: the primary department for its category (or
--   its major class, or any) in its subdistrict (or any area); the lowest priority number wins,
--   then the more specific rule.
-- parameters: $1 text category code, $2 text subdistrict code.
-- SRID: n/a.
SELECT r.id AS "ruleId", r.department_code AS department, r.auto_dispatch AS "autoDispatch"
FROM routing_rule r
WHERE r.responsibility = 'primary'
  AND (r.category_code IS NULL OR r.category_code = $1 OR r.category_code = left($1, 3))
  AND (r.area_code IS NULL OR r.area_code = $2)
ORDER BY r.priority, (r.category_code = $1) DESC NULLS LAST, (r.area_code IS NULL), r.id
LIMIT 1
