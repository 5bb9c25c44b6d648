-- purpose: point merged duplicates at the case they were merged into.
-- parameters: $1 int8[] incident ids, $2 int8[] target incident ids.
-- SRID: n/a.
UPDATE incident AS i
SET merged_into = u.target
FROM unnest($1::int8[], $2::int8[]) AS u(id, target)
WHERE i.id = u.id
RETURNING i.id
