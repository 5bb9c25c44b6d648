-- purpose: bulk-load sensors; the BEFORE INSERT trigger place_point() places each one.
-- parameters: $1 text[] codes, $2 text[] types, $3 text[] statuses, $4 int[] household ids,
--   $5 text[] key hashes, $6 float8[] installed_at, $7 float8[] last_seen_at (Unix epoch
--   seconds), $8 float8[] lon, $9 float8[] lat.
-- SRID: 4326.
INSERT INTO sensor (code, type, status, household_id, key_hash, installed_at, last_seen_at, geom)
SELECT u.code, u.type, u.status, u.household_id, u.key_hash, to_timestamp(u.installed_at),
       to_timestamp(u.last_seen_at), ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)
FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::float8[], $7::float8[],
            $8::float8[], $9::float8[]) WITH ORDINALITY
  AS u(code, type, status, household_id, key_hash, installed_at, last_seen_at, lon, lat, ord)
ORDER BY u.ord
RETURNING id, code
