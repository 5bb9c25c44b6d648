-- purpose: apply one move to a case, only if nobody else moved it first (optimistic
--   concurrency: 0 rows means the version changed and the caller answers 409).
-- parameters: $1 int8 id, $2 int expected version, $3 text state, $4 text department,
--   $5 text stage, $6 timestamptz stage start, $7 timestamptz deadline, $8 timestamptz due,
--   $9 filed_at, $10 dispatched_at, $11 responded_at, $12 handled_at, $13 closed_at
--   (timestamptz), $14 bool closed on time, $15 int rework count, $16 int return count,
--   $17 bool extended, $18 timestamptz updated_at, $19 int8 merged into.
-- SRID: n/a.
UPDATE incident
SET state = $3, department_code = $4, stage = $5, stage_started_at = $6, deadline_at = $7,
    due_at = $8, filed_at = $9, dispatched_at = $10, responded_at = $11, handled_at = $12,
    closed_at = $13, closed_on_time = $14, rework_count = $15, return_count = $16,
    extended = $17, updated_at = $18, merged_into = coalesce($19, merged_into),
    version = version + 1
WHERE id = $1 AND version = $2
RETURNING version, subdistrict_code AS "subdistrictCode"
