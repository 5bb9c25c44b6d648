-- purpose: names of the subdistricts and communities, for coverage totals by area.
-- parameters: none. SRID: n/a (no geometry).
SELECT a.code, a.level, a.name, a.name_en AS "nameEn", a.parent_code AS "parentCode"
FROM admin_area a
WHERE a.level IN ('subdistrict', 'community')
ORDER BY a.code
