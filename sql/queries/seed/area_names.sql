-- purpose: names of the subdistricts and communities, for generated addresses and labels.
-- parameters: none.
-- SRID: n/a.
SELECT code, level, parent_code, name, name_en
FROM admin_area
WHERE level IN ('subdistrict', 'community')
ORDER BY code
