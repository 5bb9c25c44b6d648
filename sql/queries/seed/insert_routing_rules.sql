-- purpose: the duty list (权责清单): category × area → department. A NULL area means any area;
--   a lower priority number wins, so area-specific rules (10) beat the defaults (100).
-- parameters: $1 text[] category codes, $2 text[] area codes (NULL = any), $3 text[] departments,
--   $4 text[] responsibilities ('primary' | 'assisting'), $5 int[] priorities,
--   $6 bool[] auto-dispatch flags.
-- SRID: n/a.
INSERT INTO routing_rule (category_code, area_code, department_code, responsibility, priority, auto_dispatch)
SELECT category_code, area_code, department_code, responsibility, priority, auto_dispatch
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bool[]) WITH ORDINALITY
  AS u(category_code, area_code, department_code, responsibility, priority, auto_dispatch, ord)
ORDER BY ord
RETURNING id
