-- purpose: turns JIT compilation off for the rest of the transaction. The indicator queries scan
--   ~200,000 cases once at scale 10; their cost estimate trips jit_above_cost, and compiling
--   (~100 ms) costs more than it saves on a one-pass aggregate.
-- parameters: none. SRID: n/a.
SELECT set_config('jit', 'off', true) AS jit
