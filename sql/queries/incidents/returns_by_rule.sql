-- purpose: returns counted per duty-list rule, so a bad rule shows up: every dispatching event in
--   the window counts for the rule that chose its department; every return counts for the rule
--   of the latest earlier dispatch of that department on the same case. Rows with a NULL rule are
--   dispatches the operator chose by hand (or the category default).
-- parameters: $1 timestamptz from (inclusive), $2 timestamptz to (exclusive),
--   $3 text[] scope (NULL = whole district), $4 text subdistrict (NULL = any).
-- SRID: n/a.
WITH ev AS (
  SELECT e.incident_id, e.seq, e.action, e.department_code, e.routing_rule_id
  FROM incident_event e
  JOIN incident i ON i.id = e.incident_id
  WHERE e.action IN ('dispatch', 'reroute', 'redispatch', 'resume', 'return')
    AND e.at >= $1::timestamptz AND e.at < $2::timestamptz
    AND ($3::text[] IS NULL OR i.subdistrict_code = ANY ($3::text[]))
    AND ($4::text IS NULL OR i.subdistrict_code = $4)
),
attributed AS (
  SELECT ev.action = 'return' AS is_return,
         CASE WHEN ev.action = 'return' THEN (
           -- why: the return answers the dispatch that sent the case to this department.
           SELECT p.routing_rule_id
           FROM incident_event p
           WHERE p.incident_id = ev.incident_id
             AND p.seq < ev.seq
             AND p.action IN ('dispatch', 'reroute', 'redispatch', 'resume')
             AND p.department_code IS NOT DISTINCT FROM ev.department_code
           ORDER BY p.seq DESC
           LIMIT 1)
         ELSE ev.routing_rule_id END AS rule_id
  FROM ev
)
SELECT a.rule_id AS "ruleId", r.category_code AS "categoryCode", r.area_code AS "areaCode",
       r.department_code AS "departmentCode", r.priority,
       count(*) FILTER (WHERE NOT a.is_return)::int AS dispatches,
       count(*) FILTER (WHERE a.is_return)::int AS returns
FROM attributed a
LEFT JOIN routing_rule r ON r.id = a.rule_id
GROUP BY a.rule_id, r.id
ORDER BY returns DESC, dispatches DESC, a.rule_id NULLS LAST
