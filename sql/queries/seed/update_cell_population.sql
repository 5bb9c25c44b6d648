-- purpose: write the resident aggregates of many grid cells at once.
-- parameters: $1 int[] cell ids, $2 int[] residents, $3 int[] aged 60+, $4 int[] aged 80+,
--   $5 int[] elderly living alone, $6 int[] households.
-- SRID: n/a.
UPDATE grid_cell AS g
SET residents = u.residents,
    aged60 = u.aged60,
    aged80 = u.aged80,
    alone_elderly = u.alone,
    households = u.households
FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::int[])
  AS u(id, residents, aged60, aged80, alone, households)
WHERE g.id = u.id
