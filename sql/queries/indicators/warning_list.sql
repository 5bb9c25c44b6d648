-- purpose: the live warnings (open or acknowledged) in scope, most severe first, with the case
--   numbers behind each.
-- parameters: $1 text[] subdistrict codes in scope, NULL for all; $2 boolean include cleared
--   warnings too.
-- SRID: n/a.
SELECT w.id::int AS id,
       w.rule,
       w.tier,
       w.area_code AS "areaCode",
       a.name AS "areaName",
       a.name_en AS "areaNameEn",
       w.subject,
       w.indicator,
       w.value,
       to_char(w.period_start, 'YYYY-MM-DD') AS "periodStart",
       to_char(w.period_end, 'YYYY-MM-DD') AS "periodEnd",
       w.state,
       w.note,
       w.detail,
       w.created_at AS "createdAt",
       w.updated_at AS "updatedAt",
       w.acknowledged_at AS "acknowledgedAt",
       w.cleared_at AS "clearedAt",
       u.display_name AS "acknowledgedBy",
       ARRAY(SELECT i.number FROM incident i WHERE i.id = ANY (w.incident_ids) ORDER BY i.id) AS cases
  FROM warning w
  JOIN admin_area a ON a.code = w.area_code
  LEFT JOIN app_user u ON u.id = w.acknowledged_by
 WHERE ($1::text[] IS NULL OR w.area_code = ANY ($1::text[]) OR a.parent_code = ANY ($1::text[]))
   AND ($2 OR w.state <> 'cleared')
 ORDER BY CASE w.tier WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END,
          w.state = 'acknowledged', w.area_code, w.rule, w.subject, w.id
