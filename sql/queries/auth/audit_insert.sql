-- purpose: who read or changed which record, when and why it was in scope; never the data.
-- parameters: $1 user id, $2 username, $3 role, $4 action, $5 subject kind, $6 subject id,
-- $7 scope reason, $8 client. SRID: n/a.
INSERT INTO audit_log (user_id, username, role, action, subject_kind, subject_id, scope_reason, client)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
