-- purpose: the latest audit entries for admins (row-level security also requires jiedao.role).
-- parameters: $1 limit. SRID: n/a.
SELECT id, at, user_id AS "userId", username, role, action, subject_kind AS "subjectKind",
       subject_id AS "subjectId", scope_reason AS "scopeReason", client
FROM audit_log
ORDER BY id DESC
LIMIT $1
