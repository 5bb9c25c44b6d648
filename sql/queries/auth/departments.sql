-- purpose: the departments a user may belong to.
-- parameters: none. SRID: n/a.
SELECT code, name, name_en AS "nameEn" FROM department ORDER BY code
