/**
 * Analysis benchmarks (issue 4): coverage of 100,000 demand points by 2,000 service points at
 * 500 m (engine vs the PostGIS query on the same points in a scratch PostgreSQL database), the
 * what-if delta of one added point, and MCLP exact vs greedy on random 1,000 × 200 instances.
 */
import postgres from 'postgres';
import {
	computeCoverage,
	costMatrix,
	CoverageWhatIf,
	DesertIndex,
	solveLocation,
	type DemandPoint,
	type SupplyPoint
} from '../../src/lib/analysis';
import { metresToLatDegrees } from '../../src/lib/analysis/geo';
import { migrate } from '../../src/lib/server/db/migrate';
import { openPostgres } from '../../src/lib/server/db/postgres';
import { analysisData, supplyOf } from '../../src/lib/server/analysis/data';
import { seedDemo } from '../../src/lib/server/seed/generate';
import { brickLattice } from '../unit/analysis/helpers';
import { scratchDatabase, type BenchResult } from './util';

/** A small deterministic PRNG (mulberry32), so every run measures the same data. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// A Jinan-sized box (about 25 × 22 km around Lixia).
const BOX = { lon0: 116.95, lat0: 36.55, dLon: 0.28, dLat: 0.2 };

function points(
	n: number,
	seed: number,
	prefix: string
): { id: string; lon: number; lat: number }[] {
	const r = prng(seed);
	return Array.from({ length: n }, (_, i) => ({
		id: `${prefix}${i}`,
		lon: BOX.lon0 + r() * BOX.dLon,
		lat: BOX.lat0 + r() * BOX.dLat
	}));
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)]!;
}

function time<T>(fn: () => T): [T, number] {
	const t0 = performance.now();
	const v = fn();
	return [v, performance.now() - t0];
}

/** Coverage 100k × 2k at 500 m: engine vs PostGIS, identical covered flags. */
export async function benchCoverage(): Promise<BenchResult[]> {
	const r = prng(7);
	const demand: DemandPoint[] = points(100_000, 1, 'd').map((p) => ({
		...p,
		weight: 1 + Math.floor(r() * 50)
	}));
	const supply: SupplyPoint[] = points(2_000, 2, 's');
	const radius = 500;
	const detour = 1.3;
	// The PostGIS query answers "nearest point within the radius"; so does the engine here.
	const opts = { radius, nearestBeyondRadius: false };
	for (let k = 0; k < 3; k++) computeCoverage(demand, supply, opts); // warm-up (JIT)
	const runs: number[] = [];
	let result = computeCoverage(demand, supply, opts);
	for (let k = 0; k < 9; k++) {
		const [res, ms] = time(() => computeCoverage(demand, supply, opts));
		result = res;
		runs.push(ms);
	}
	const engineMs = median(runs);
	const fullRuns: number[] = [];
	for (let k = 0; k < 5; k++)
		fullRuns.push(time(() => computeCoverage(demand, supply, { radius }))[1]);
	const fullMs = median(fullRuns);

	const scratch = await scratchDatabase('jiedao_bench_cov');
	const pg = postgres(scratch.url, { max: 1, onnotice: () => {} });
	let pgMs = NaN;
	let mismatches = -1;
	try {
		await pg.unsafe('CREATE EXTENSION IF NOT EXISTS postgis');
		await pg.unsafe(
			'CREATE TABLE bench_demand (id int PRIMARY KEY, weight int, geom geometry(Point, 4326))'
		);
		await pg.unsafe('CREATE TABLE bench_supply (id int PRIMARY KEY, geom geometry(Point, 4326))');
		const load = async (table: string, rows: { lon: number; lat: number; weight?: number }[]) => {
			for (let i = 0; i < rows.length; i += 20_000) {
				const part = rows.slice(i, i + 20_000);
				await pg.unsafe(
					table === 'bench_demand'
						? `INSERT INTO bench_demand SELECT u.ord - 1 + $4::int, u.w, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)
						   FROM unnest($1::float8[], $2::float8[], $3::int[]) WITH ORDINALITY AS u(lon, lat, w, ord)`
						: `INSERT INTO bench_supply SELECT u.ord - 1 + $3::int, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326)
						   FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(lon, lat, ord)`,
					table === 'bench_demand'
						? [part.map((p) => p.lon), part.map((p) => p.lat), part.map((p) => p.weight ?? 0), i]
						: [part.map((p) => p.lon), part.map((p) => p.lat), i]
				);
			}
		};
		await load('bench_demand', demand);
		await load('bench_supply', supply);
		await pg.unsafe('CREATE INDEX ON bench_demand USING gist (geom)');
		await pg.unsafe('CREATE INDEX ON bench_supply USING gist (geom)');
		await pg.unsafe('ANALYZE bench_demand');
		await pg.unsafe('ANALYZE bench_supply');
		// The same shape as sql/queries/analysis/coverage_postgis.sql, on the scratch tables.
		const query = `
			SELECT d.id, n.distance
			FROM bench_demand d
			LEFT JOIN LATERAL (
			  SELECT min(ST_Distance(d.geom::geography, s.geom::geography, false)) AS distance
			  FROM bench_supply s
			  WHERE s.geom && ST_Expand(d.geom, $2 / greatest(cos(radians(abs(ST_Y(d.geom)) + $2)), 0.01), $2)
			    AND ST_DWithin(d.geom::geography, s.geom::geography, $1, false)
			) n ON true
			ORDER BY d.id`;
		const straight = radius / detour;
		const params = [straight, metresToLatDegrees(straight) * 1.01 + 1e-7];
		await pg.unsafe(query, params); // warm the cache
		const pgRuns: number[] = [];
		let rows: { id: number; distance: number | null }[] = [];
		for (let k = 0; k < 3; k++) {
			const t0 = performance.now();
			rows = await pg.unsafe(query, params);
			pgRuns.push(performance.now() - t0);
		}
		pgMs = median(pgRuns);
		mismatches = 0;
		for (const row of rows) {
			if ((row.distance !== null ? 1 : 0) !== result.covered[row.id]) mismatches++;
		}
		if (rows.length !== demand.length) mismatches += Math.abs(rows.length - demand.length);
	} finally {
		await pg.end();
		await scratch.drop();
	}
	const speedup = pgMs / engineMs;
	return [
		{
			name: 'Coverage 100,000 demand × 2,000 points at 500 m: engine (median of 9)',
			value: engineMs,
			unit: 'ms',
			bar: '≤ 100 ms',
			ok: engineMs <= 100
		},
		{
			name: 'Coverage engine: fastest of the 9 runs (least disturbed by other load)',
			value: Math.min(...runs),
			unit: 'ms'
		},
		{
			name: 'Coverage, same data, also the nearest point beyond the radius (k-NN) for uncovered cells',
			value: fullMs,
			unit: 'ms'
		},
		{
			name: 'Coverage, same data: PostGIS query (ST_DWithin on geography, median of 3)',
			value: pgMs,
			unit: 'ms'
		},
		{
			name: 'Coverage: engine speed-up over PostGIS',
			value: speedup,
			unit: '×',
			bar: '≥ 5×',
			ok: speedup >= 5
		},
		{
			name: `Coverage: cells whose covered flag differs between engine and PostGIS (of 100,000; ${result.totals.coveredPoints} covered)`,
			value: mismatches,
			unit: 'cells',
			bar: '0',
			ok: mismatches === 0
		}
	];
}

/** What-if: one added point with 100,000 demand points. */
export async function benchWhatIf(): Promise<BenchResult[]> {
	const r = prng(11);
	const demand: DemandPoint[] = points(100_000, 1, 'd').map((p) => ({
		...p,
		weight: 1 + Math.floor(r() * 50)
	}));
	const supply = points(2_000, 2, 's');
	const [w, buildMs] = time(() => new CoverageWhatIf(demand, supply, { radius: 500 }));
	const adds = points(400, 3, 'n');
	const times: number[] = [];
	for (const [k, p] of adds.entries()) {
		const [, ms] = time(() => w.add(p));
		if (k >= 50) times.push(ms); // after JIT warm-up
	}
	const moves: number[] = [];
	for (const [k, p] of adds.entries()) {
		const to = adds[(k + 1) % adds.length]!;
		const [, ms] = time(() => w.move(p.id, to.lon + 0.001, to.lat));
		moves.push(ms);
	}
	await Promise.resolve();
	const sorted = [...times].sort((a, b) => a - b);
	const p95 = sorted[Math.floor(sorted.length * 0.95)]!;
	return [
		{
			name: 'What-if: one added point, 100,000 demand points (median of 350)',
			value: median(times),
			unit: 'ms',
			bar: '≤ 5 ms',
			ok: median(times) <= 5
		},
		{ name: 'What-if: one added point, p95', value: p95, unit: 'ms', bar: '≤ 5 ms', ok: p95 <= 5 },
		{ name: 'What-if: one moved point (median)', value: median(moves), unit: 'ms' },
		{ name: 'What-if: building the state for 100,000 × 2,000', value: buildMs, unit: 'ms' }
	];
}

/** MCLP exact on random 1,000 × 200 instances, and greedy's distance from the optimum. */
export async function benchMclp(): Promise<BenchResult[]> {
	const highs = await import('highs').then((m) => m.default());
	const instances = 5;
	const out: BenchResult[] = [];
	// Two families: moderate catchments, and wide ones that overlap a lot (harder for greedy).
	for (const [radius, p] of [
		[2000, 10],
		[3500, 5]
	] as const) {
		const exactMs: number[] = [];
		const shortfall: number[] = [];
		let optimal = 0;
		for (let k = 0; k < instances; k++) {
			const r = prng(100 + k);
			const demand = points(1000, 200 + k, 'd').map((pt) => ({
				...pt,
				weight: 1 + Math.floor(r() * 100)
			}));
			const sites = points(200, 300 + k, 'c');
			const costs = costMatrix(demand, sites, 1.3);
			const t0 = performance.now();
			const res = await solveLocation(
				{ model: 'mclp', costs, demand: demand.map((d) => d.weight), radius, p },
				{ highs, timeLimitSeconds: 30 }
			);
			exactMs.push(performance.now() - t0);
			if (res.status === 'optimal') optimal++;
			shortfall.push((res.objective - res.greedy.objective) / res.objective);
		}
		const worst = Math.max(...exactMs);
		const avgShort = (shortfall.reduce((a, b) => a + b, 0) / shortfall.length) * 100;
		const label = `random 1,000 × 200, p = ${p}, S = ${radius / 1000} km`;
		out.push(
			{
				name: `MCLP exact, ${label}: slowest of ${instances} (${optimal} proven optimal)`,
				value: worst / 1000,
				unit: 's',
				bar: '≤ 2 s',
				ok: worst <= 2000 && optimal === instances
			},
			{
				name: `MCLP exact, ${label}: mean solve time`,
				value: exactMs.reduce((a, b) => a + b, 0) / instances / 1000,
				unit: 's'
			},
			{
				name: `MCLP greedy, ${label}: mean shortfall from the optimum`,
				value: avgShort,
				unit: '%',
				bar: '≤ 2 %',
				ok: avgShort <= 2
			},
			{
				name: `MCLP greedy, ${label}: worst shortfall`,
				value: Math.max(...shortfall) * 100,
				unit: '%'
			}
		);
	}
	return out;
}

/**
 * Desert overlay after one what-if edit, as the planner's Workers run it: the covered flags from
 * {@link CoverageWhatIf} after one added point, then {@link DesertIndex.find} over the prepared
 * cells. On the scale-1 demo (meal points, aged 60+, 500 m; cells clipped by community borders,
 * so T-junctions everywhere) and on a large synthetic brick lattice.
 */
export async function benchDeserts(): Promise<BenchResult[]> {
	const out: BenchResult[] = [];
	const scratch = await scratchDatabase('jiedao_bench_deserts');
	const db = await openPostgres({ url: scratch.url, statementTimeoutMs: 600_000, max: 4 });
	try {
		await migrate(db);
		await seedDemo(db, { scale: 1, seed: 20260101 });
		const data = await analysisData(db);
		const demand = data.cells.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, weight: c.aged60 }));
		const weights = demand.map((d) => d.weight);
		const w = new CoverageWhatIf(demand, supplyOf(data, 'meal', 'active'), { radius: 500 });
		const [index, prepMs] = time(() => new DesertIndex(data.cells.map((c) => c.geometry)));
		const covered = Uint8Array.from(w.state().coverCount, (n) => (n > 0 ? 1 : 0));
		const uncoveredCells = demand.flatMap((d, k) => (covered[k] ? [] : [d]));
		const times: number[] = [];
		let fallbacks = 0;
		let deserts = 0;
		for (let k = 0; k < 60; k++) {
			// One candidate on an uncovered cell (cycling), added then recomputed, then removed.
			const at = uncoveredCells[(k * 7) % uncoveredCells.length]!;
			const t0 = performance.now();
			const delta = w.add({ id: 'cand', lon: at.lon, lat: at.lat });
			for (const i of delta.changed) covered[i] = covered[i] ? 0 : 1;
			const r = index.find((i) => !covered[i] && weights[i]! > 0, weights, { minDemand: 1 });
			const ms = performance.now() - t0;
			if (k >= 10) times.push(ms);
			fallbacks += r.stats.fallbacks;
			deserts = r.deserts.features.length;
			for (const i of w.remove('cand').changed) covered[i] = covered[i] ? 0 : 1;
		}
		const demo = median(times);
		out.push(
			{
				name: `Deserts after one added point, scale-1 demo (${data.cells.length} cells, ${deserts} deserts, ${index.tJunctionPairs} T-junction pairs; median of 50)`,
				value: demo,
				unit: 'ms',
				bar: '≤ 50 ms',
				ok: demo <= 50 && fallbacks === 0
			},
			{
				name: 'Deserts: @turf/union fallbacks in those runs',
				value: fallbacks,
				unit: '',
				bar: '0',
				ok: fallbacks === 0
			},
			{
				name: 'Deserts: preparing the demo cells (once per data version)',
				value: prepMs,
				unit: 'ms'
			}
		);
	} finally {
		await db.close();
		await scratch.drop();
	}

	const cells = brickLattice(160, 160, 0.0015);
	const [index, prepMs] = time(() => new DesertIndex(cells.map((c) => c.geometry)));
	const weights = cells.map((c) => c.properties.demand);
	const r = prng(5);
	const mask = cells.map(() => r() < 0.6);
	const times: number[] = [];
	let fallbacks = 0;
	for (let k = 0; k < 12; k++) {
		mask[Math.floor(r() * mask.length)] = false;
		const [res, ms] = time(() => index.find((i) => mask[i]!, weights));
		fallbacks += res.stats.fallbacks;
		if (k >= 2) times.push(ms);
	}
	out.push(
		{
			name: `Deserts: synthetic brick lattice (${cells.length} cells, 60 % uncovered; median of 10)`,
			value: median(times),
			unit: 'ms',
			ok: fallbacks === 0
		},
		{ name: 'Deserts: preparing the synthetic lattice', value: prepMs, unit: 'ms' }
	);
	return out;
}
