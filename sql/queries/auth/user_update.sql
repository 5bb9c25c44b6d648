-- purpose: change an account's editable fields; a NULL leaves the field as it is, except scope
-- and department, which take an explicit "set" flag because NULL is a meaningful value there.
-- parameters: $1 id, $2 display name, $3 role, $4 set scope?, $5 text[] scope, $6 set dept?,
-- $7 department code, $8 disabled. SRID: n/a.
UPDATE app_user
SET display_name = coalesce($2, display_name),
    role = coalesce($3, role),
    scope = CASE WHEN $4::boolean THEN $5::text[] ELSE scope END,
    department_code = CASE WHEN $6::boolean THEN $7 ELSE department_code END,
    disabled = coalesce($8::boolean, disabled),
    updated_at = now()
WHERE id = $1
RETURNING id
