-- purpose: the department an account works for (its staff then act as that department).
-- parameters: $1 int user id.
-- SRID: n/a.
SELECT u.department_code AS department
FROM app_user u
WHERE u.id = $1
