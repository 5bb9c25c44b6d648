-- purpose: bulk-load protected household records (elderly living alone) with reserved ids.
-- parameters: $1 int[] ids (from reserve_ids), $2 int[] grid cell ids, $3 text[] subdistrict
--   codes, $4 text[] head names, $5 text[] phones, $6 text[] addresses, $7 int[] members,
--   $8 bool[] living alone, $9 int[] ages.
-- SRID: n/a.
INSERT INTO household (id, grid_cell_id, subdistrict_code, head_name, phone, address, members, living_alone, aged)
OVERRIDING SYSTEM VALUE
SELECT id, grid_cell_id, subdistrict_code, head_name, phone, address, members, living_alone, aged
FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
            $8::bool[], $9::int[])
  AS u(id, grid_cell_id, subdistrict_code, head_name, phone, address, members, living_alone, aged)
RETURNING id
