-- purpose: bulk-load service points; the BEFORE INSERT trigger place_point() places each one in
--   its grid cell, community and subdistrict.
-- parameters: $1 text[] types, $2 text[] names, $3 text[] English names, $4 text[] addresses,
--   $5 int[] capacities, $6 text[] statuses, $7 float8[] lon, $8 float8[] lat,
--   $9 float8 created/updated time (Unix epoch seconds).
-- SRID: 4326.
INSERT INTO service_point (type, name, name_en, address, capacity, status, geom, created_at, updated_at)
SELECT u.type, u.name, u.name_en, u.address, u.capacity, u.status,
       ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326), to_timestamp($9::float8), to_timestamp($9::float8)
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::float8[],
            $8::float8[]) WITH ORDINALITY
  AS u(type, name, name_en, address, capacity, status, lon, lat, ord)
ORDER BY u.ord
RETURNING id, type, community_code
