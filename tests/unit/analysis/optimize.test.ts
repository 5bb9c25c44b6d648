import { describe, expect, it } from 'vitest';
import {
	buildLp,
	costMatrix,
	evaluate,
	greedyLscp,
	greedyMclp,
	greedyPmedian,
	InfeasibleTargetError,
	lpString,
	prepare,
	solveLocation,
	type LocationProblem,
	type OptimizeProgress
} from '$lib/analysis/optimize';
import { M_PER_DEG_EQ, randomInstance } from './helpers';

// A greedy trap. Radius 500: column 0 covers rows 0–3 (8 persons), column 1 rows 0, 1, 4 (7),
// column 2 rows 2, 3, 5 (7). Greedy takes column 0 first and ends with 11; {1, 2} covers 14.
const near = 100;
const far = 900;
const trap = {
	costs: [
		[near, near, far],
		[near, near, far],
		[near, far, near],
		[near, far, near],
		[far, near, far],
		[far, far, near]
	],
	demand: [2, 2, 2, 2, 3, 3],
	radius: 500
};

describe('greedy heuristics, hand-computed', () => {
	it('MCLP greedy falls into the trap', () => {
		expect(greedyMclp(prepare({ model: 'mclp', ...trap, p: 2 }))).toEqual([0, 1]);
	});

	it('LSCP greedy drops the column made redundant', () => {
		// Opens 0 (4 rows), then 1 and 2 for rows 4 and 5; then column 0 is redundant.
		expect(greedyLscp(prepare({ model: 'lscp', ...trap }))).toEqual([1, 2]);
	});

	it('p-median greedy is myopic too', () => {
		// Points on a line at 0, 1, 2, 10, 11 (× 100 m); demand 1, 1, 1, 1, 2; candidates at each.
		// One median: at 2 or at 10 (2,900 each; the lower column wins), then 11 is added:
		// 200 + 100 + 0 + 100 + 0 = 400. The optimum {1, 4} costs 100 + 0 + 100 + 100 + 0 = 300.
		const xs = [0, 1, 2, 10, 11];
		const costs = xs.map((a) => xs.map((b) => Math.abs(a - b) * 100));
		const prep = prepare({ model: 'pmedian', costs, demand: [1, 1, 1, 1, 2], p: 2 });
		expect(greedyPmedian(prep)).toEqual([2, 4]);
		expect(evaluate(prep, [2, 4]).objective).toBe(400);
		expect(evaluate(prep, [1, 4]).objective).toBe(300);
	});
});

describe('solveLocation, hand-computed', () => {
	it('MCLP: the exact answer escapes the greedy trap', async () => {
		const r = await solveLocation({ model: 'mclp', ...trap, p: 2 });
		expect(r).toMatchObject({
			status: 'optimal',
			selected: [1, 2],
			objective: 14,
			gap: 0,
			bound: 14,
			totalDemand: 14,
			coveredDemand: 14,
			uncoveredRows: 0,
			greedy: { selected: [0, 1], objective: 11 },
			fallbackReason: null
		});
	});

	it('MCLP with a fixed column: it counts toward coverage, not toward p', async () => {
		const r = await solveLocation({ model: 'mclp', ...trap, p: 1, fixed: [1] });
		// Column 1 already covers 7; adding 2 covers rows 2, 3, 5 (+7) = 14.
		expect(r).toMatchObject({ status: 'optimal', selected: [2], objective: 14 });
	});

	it('LSCP: fewest columns covering every coverable row', async () => {
		const r = await solveLocation({ model: 'lscp', ...trap });
		expect(r).toMatchObject({ status: 'optimal', selected: [1, 2], objective: 2, gap: 0 });
	});

	it('LSCP with a target share of demand', async () => {
		// 8 of 14 (57 %) is reached by column 0 alone.
		const r = await solveLocation({ model: 'lscp', ...trap, target: 8 / 14 });
		expect(r).toMatchObject({ status: 'optimal', selected: [0], objective: 1, coveredDemand: 8 });
		await expect(
			solveLocation({
				model: 'lscp',
				...trap,
				costs: trap.costs.map((r) => [r[0]!, far, far]),
				target: 0.9
			})
		).rejects.toThrow(InfeasibleTargetError);
	});

	it('LSCP leaves rows that no candidate covers', async () => {
		const costs = [...trap.costs, [far, far, far]];
		const r = await solveLocation({
			model: 'lscp',
			costs,
			demand: [...trap.demand, 5],
			radius: 500
		});
		expect(r).toMatchObject({ objective: 2, uncoveredRows: 1, coveredDemand: 14, totalDemand: 19 });
	});

	it('p-median on a line', async () => {
		const xs = [0, 1, 2, 10, 11];
		const costs = xs.map((a) => xs.map((b) => Math.abs(a - b) * 100));
		const r = await solveLocation({ model: 'pmedian', costs, demand: [1, 1, 1, 1, 2], p: 2 });
		expect(r).toMatchObject({
			status: 'optimal',
			selected: [1, 4],
			objective: 300,
			meanDistance: 50,
			greedy: { selected: [2, 4], objective: 400 }
		});
		const fixed = await solveLocation({
			model: 'pmedian',
			costs,
			demand: [1, 1, 1, 1, 2],
			p: 1,
			fixed: [0]
		});
		// With 0 open, the best extra one is at 11 (index 4): 0+100+200+100+0 = 400.
		expect(fixed).toMatchObject({ status: 'optimal', selected: [4], objective: 400 });
	});

	it('writes a CPLEX LP model', () => {
		const text = lpString(buildLp(prepare({ model: 'mclp', ...trap, p: 2 })));
		expect(text).toMatch(/^Maximize\n obj: 4 z0 \+ 4 z1 \+ 3 z2 \+ 3 z3\n/);
		expect(text).toContain(' c0: z0 - y0 - y1 <= 0\n');
		expect(text).toContain(' card: y0 + y1 + y2 = 2\n');
		expect(text).toContain('Binaries\n y0 y1 y2\nEnd\n');
	});
});

describe('solveLocation phases, cancelling and fallbacks', () => {
	it('reports progress through the phases', async () => {
		const seen: OptimizeProgress[] = [];
		await solveLocation({ model: 'mclp', ...trap, p: 2 }, { onProgress: (p) => seen.push(p) });
		expect(seen.map((p) => p.phase)).toEqual(expect.arrayContaining(['greedy', 'exact', 'done']));
		expect(seen.at(-1)).toMatchObject({ phase: 'done', objective: 14, gap: 0 });
	});

	it('can be cancelled before it starts and between greedy and exact', async () => {
		const before = new AbortController();
		before.abort();
		await expect(
			solveLocation({ model: 'mclp', ...trap, p: 2 }, { signal: before.signal })
		).rejects.toThrow(/abort/i);
		const between = new AbortController();
		await expect(
			solveLocation(
				{ model: 'mclp', ...trap, p: 2 },
				{
					signal: between.signal,
					onProgress: (p) => {
						if (p.message === 'greedy done') between.abort();
					}
				}
			)
		).rejects.toThrow(/abort/i);
	});

	it('falls back to greedy when HiGHS cannot be loaded, and says why', async () => {
		const r = await solveLocation(
			{ model: 'mclp', ...trap, p: 2 },
			{ loadHighs: () => Promise.reject(new Error('no wasm here')) }
		);
		expect(r).toMatchObject({
			status: 'greedy',
			selected: [0, 1],
			objective: 11,
			gap: null,
			fallbackReason: 'HiGHS could not be loaded: no wasm here'
		});
	});

	it('falls back to greedy when the LP text is too large', async () => {
		const r = await solveLocation({ model: 'mclp', ...trap, p: 2 }, { maxLpChars: 50 });
		expect(r.status).toBe('greedy');
		expect(r.fallbackReason).toMatch(/too large/);
	});

	it('greedy mode skips HiGHS', async () => {
		const r = await solveLocation({ model: 'mclp', ...trap, p: 2 }, { mode: 'greedy' });
		expect(r).toMatchObject({ status: 'greedy', objective: 11, gap: null, fallbackReason: null });
	});

	it('at a time limit returns the better of HiGHS and greedy, with a gap if a bound is known', async () => {
		const { costs, demand } = randomInstance(300, 60, 9);
		const r = await solveLocation(
			{ model: 'pmedian', costs, demand, p: 8 },
			{ timeLimitSeconds: 0.02 }
		);
		// How far HiGHS gets in 20 ms depends on the machine; the contract does not.
		expect(['time_limit', 'greedy']).toContain(r.status);
		expect(r.objective).toBeLessThanOrEqual(r.greedy.objective);
		expect(r.selected).toHaveLength(8);
		if (r.bound === null) {
			expect(r.gap).toBeNull();
		} else {
			expect(r.bound).toBeLessThanOrEqual(r.objective + 1e-6);
			expect(r.gap).toBeCloseTo((r.objective - r.bound) / r.objective, 12);
		}
		if (r.status === 'greedy') expect(r.fallbackReason).toMatch(/HiGHS|greedy/);
	});

	it('rejects invalid problems naming the field', async () => {
		const bad: LocationProblem = { model: 'mclp', ...trap, p: 4 };
		await expect(solveLocation(bad)).rejects.toThrow(/^p: /);
		await expect(solveLocation({ ...bad, p: 1, fixed: [3] })).rejects.toThrow(/^fixed: /);
		await expect(solveLocation({ ...bad, p: 1, demand: [1] })).rejects.toThrow(/^demand: /);
	});
});

describe('random 1,000 × 200 instances: exact vs greedy', () => {
	const { costs, demand } = randomInstance(1000, 200, 1);

	it('MCLP: exact covers at least as much as greedy; both open exactly p', async () => {
		for (const [radius, p] of [
			[1000, 10],
			[800, 20]
		] as const) {
			const r = await solveLocation({ model: 'mclp', costs, demand, radius, p });
			expect(r.status).toBe('optimal');
			expect(r.selected).toHaveLength(p);
			expect(r.greedy.selected).toHaveLength(p);
			expect(r.objective).toBeGreaterThanOrEqual(r.greedy.objective);
			const prep = prepare({ model: 'mclp', costs, demand, radius, p });
			expect(evaluate(prep, r.selected)).toMatchObject({ objective: r.objective, feasible: true });
			expect(evaluate(prep, r.greedy.selected).feasible).toBe(true);
		}
	});

	it('LSCP: exact needs no more points than greedy; both cover every coverable row', async () => {
		const r = await solveLocation({ model: 'lscp', costs, demand, radius: 1000 });
		expect(r.status).toBe('optimal');
		expect(r.objective).toBeLessThanOrEqual(r.greedy.objective);
		const prep = prepare({ model: 'lscp', costs, demand, radius: 1000 });
		expect(evaluate(prep, r.selected).feasible).toBe(true);
		expect(evaluate(prep, r.greedy.selected).feasible).toBe(true);
		expect(evaluate(prep, r.selected.slice(1)).feasible).toBe(false);
	});

	it('p-median (200 × 40): exact is no worse than greedy', async () => {
		const small = randomInstance(200, 40, 2);
		const r = await solveLocation({ model: 'pmedian', ...small, p: 5 });
		expect(r.status).toBe('optimal');
		expect(r.selected).toHaveLength(5);
		expect(r.objective).toBeLessThanOrEqual(r.greedy.objective);
	});
});

describe('costMatrix', () => {
	it('is haversine × detour', () => {
		const c = costMatrix(
			[{ lon: 0, lat: 0 }],
			[
				{ lon: 0.001, lat: 0 },
				{ lon: 0, lat: 0 }
			],
			1.3
		);
		expect(c[0]![0]).toBeCloseTo(0.001 * M_PER_DEG_EQ * 1.3, 9);
		expect(c[0]![1]).toBe(0);
	});
});
