-- purpose: create one case in state 'reported' on the filing clock. The BEFORE INSERT trigger
--   place_point() fills grid_cell_id, community_code and subdistrict_code (NULL outside the
--   district, which the service refuses).
-- parameters: $1 text tracking code, $2 text category code, $3 text source, $4 int priority,
--   $5 text description, $6 text address, $7 float8 lon, $8 float8 lat, $9 text stage,
--   $10 timestamptz stage start (= reported_at), $11 timestamptz deadline.
-- SRID: 4326.
INSERT INTO incident (
  tracking_code, category_code, source, state, priority, description, address, geom,
  stage, stage_started_at, deadline_at, reported_at, updated_at
)
VALUES ($1, $2, $3, 'reported', $4, $5, $6, ST_SetSRID(ST_MakePoint($7, $8), 4326),
        $9, $10, $11, $10, $10)
RETURNING id, number, subdistrict_code AS "subdistrictCode"
