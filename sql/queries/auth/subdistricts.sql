-- purpose: the subdistricts a user's scope is chosen from.
-- parameters: none. SRID: n/a.
SELECT code, name, name_en AS "nameEn" FROM admin_area WHERE level = 'subdistrict' ORDER BY code
