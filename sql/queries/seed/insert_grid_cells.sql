-- purpose: cut every community into unit grid cells (单元网格): a square lattice laid out in
--   metres over the whole district, clipped to each community; pieces smaller than the sliver
--   threshold join the neighbouring cell of the same community they share the longest edge
--   with (or stay on their own when they touch none), so the cells still tile the community.
--   Codes = community code + a sequence numbered west→east, north→south.
-- parameters: $1 float8 cell size in metres, $2 float8 sliver threshold in m²,
--   $3 int sequence width (3 = Beijing's 15-digit form, 2 = the national 14-digit form),
--   $4 float8 precision grid size in degrees (snap-rounded overlays: see insert_areas_voronoi.sql),
--   $5 float8 speck threshold in m².
-- SRID: squares built in EPSG:32650 (UTM 50N, metres) and transformed to 4326 before clipping,
--   so neighbouring squares share their corners exactly; stored in 4326.
WITH
-- why: one lattice for the district, so cells of neighbouring communities line up
square AS (
  SELECT g.i, g.j, ST_Transform(g.geom, 4326) AS geom
  FROM admin_area d
  CROSS JOIN LATERAL ST_SquareGrid($1::float8, ST_Transform(d.geom, 32650)) AS g
  WHERE d.level = 'district'
),
-- why: a square cut by a community border becomes one piece per community (and per part)
piece AS (
  SELECT c.code AS community_code, c.parent_code AS subdistrict_code, s.i, s.j,
         p.path[1] AS part, p.geom
  FROM admin_area c
  JOIN square s ON c.geom && s.geom AND ST_Intersects(c.geom, s.geom)
  CROSS JOIN LATERAL ST_Dump(ST_CollectionExtract(ST_Intersection(c.geom, s.geom, $4::float8), 3)) AS p
  WHERE c.level = 'community'
),
-- why: the piece order is the numbering order: rows north→south, then west→east
measured AS (
  SELECT piece.*,
         row_number() OVER (ORDER BY community_code, j DESC, i, part) AS pid,
         ST_Area(geom::geography) AS m2
  FROM piece
),
-- why: a sliver is not a grid worker's beat; it joins the neighbour it shares most border with.
--   A speck (< $5 m²) touching no larger piece joins the nearest one (the cell becomes
--   multi-part); a larger sliver with no neighbour stays a cell of its own.
host AS (
  SELECT DISTINCT ON (s.pid) s.pid, b.pid AS host_pid
  FROM measured s
  JOIN measured b
    ON b.community_code = s.community_code AND b.m2 >= $2::float8
    -- a speck's host is searched within 0.005° (about 500 m)
    AND ST_DWithin(b.geom, s.geom, 0.005)
  CROSS JOIN LATERAL (
    SELECT CASE WHEN b.geom && s.geom
                THEN ST_Length(ST_CollectionExtract(ST_Intersection(s.geom, b.geom, $4::float8), 2))
                ELSE 0 END AS shared
  ) AS e
  WHERE s.m2 < $2::float8 AND (e.shared > 0 OR s.m2 < $5::float8)
  ORDER BY s.pid, e.shared DESC, ST_Distance(b.geom, s.geom), b.pid
),
cell AS (
  SELECT coalesce(h.host_pid, m.pid) AS cid, m.community_code, m.subdistrict_code,
         ST_Multi(ST_CollectionExtract(ST_Union(m.geom, $4::float8), 3)) AS geom
  FROM measured m
  LEFT JOIN host h ON h.pid = m.pid
  GROUP BY coalesce(h.host_pid, m.pid), m.community_code, m.subdistrict_code
),
numbered AS (
  SELECT cell.*, row_number() OVER (PARTITION BY community_code ORDER BY cid) AS seq
  FROM cell
  WHERE NOT ST_IsEmpty(geom)
)
INSERT INTO grid_cell (code, community_code, subdistrict_code, geom, centroid)
SELECT community_code || lpad(seq::text, $3::int, '0'), community_code, subdistrict_code, geom,
       ST_PointOnSurface(geom)
FROM numbered
ORDER BY community_code, seq
RETURNING id
