-- purpose: reserve identity values ahead of a bulk insert that must know its rows' ids (rows
--   that reference each other, e.g. alerts ↔ incidents, households ← sensors).
-- parameters: $1 text table name (from a fixed list in the generator), $2 int how many.
-- SRID: n/a.
SELECT nextval(pg_get_serial_sequence($1::text, 'id'))::int8 AS id
FROM generate_series(1, $2::int)
