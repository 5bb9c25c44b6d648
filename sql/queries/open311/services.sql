-- purpose: the Open311 service list: every subcategory (5-digit code) with its major class as
--   the service group, in code order.
-- parameters: none.
-- SRID: n/a.
SELECT c.code, c.name, c.name_en AS "nameEn", c.urgent, c.kind,
       p.code AS "groupCode", p.name AS "groupName", p.name_en AS "groupNameEn"
FROM category c
JOIN category p ON p.code = c.parent_code
ORDER BY c.code
