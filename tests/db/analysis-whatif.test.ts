/**
 * The planner's what-if path on the seeded demo, as the Worker runs it: the incremental delta of
 * one added candidate agrees with a full recomputation and is fast, and the desert polygons are
 * rebuilt from the new covered flags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCoverage, CoverageWhatIf, findDeserts } from '../../src/lib/analysis';
import { analysisData, supplyOf, type AnalysisData } from '../../src/lib/server/analysis/data';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
let data: AnalysisData;

beforeAll(async () => {
	db = await testDb();
	data = await analysisData(db);
});

afterAll(async () => {
	await db?.close();
});

describe('what-if on the demo (meal points, aged 60+, 500 m)', () => {
	it('a candidate in the biggest gap: the delta matches a full recomputation', () => {
		const demand = data.cells.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, weight: c.aged60 }));
		const supply = supplyOf(data, 'meal', 'active');
		const w = new CoverageWhatIf(demand, supply, { radius: 500 });
		const base = computeCoverage(demand, supply, { radius: 500 });
		expect(w.totals()).toEqual(base.totals);
		// The uncovered cell with the most demand.
		let best = -1;
		demand.forEach((d, k) => {
			if (!base.covered[k] && (best < 0 || d.weight > demand[best]!.weight)) best = k;
		});
		const at = demand[best]!;
		const times: number[] = [];
		let delta = w.add({ id: 'cand', lon: at.lon, lat: at.lat });
		for (let k = 1; k <= 20; k++) {
			const t0 = performance.now();
			delta = w.move('cand', at.lon + (k % 2) * 1e-5, at.lat);
			times.push(performance.now() - t0);
		}
		const full = computeCoverage(demand, [...supply, { id: 'cand', lon: at.lon, lat: at.lat }], {
			radius: 500
		});
		expect(delta.totals).toEqual(full.totals);
		expect(full.totals.covered).toBeGreaterThan(base.totals.covered);
		times.sort((a, b) => a - b);
		expect(times[9]!).toBeLessThan(50);

		// Deserts from the new flags, as the Worker rebuilds them.
		const cells = data.cells
			.map((c, k) => ({ c, k }))
			.filter(({ c, k }) => !full.covered[k] && c.aged60 > 0)
			.map(({ c }) => ({
				type: 'Feature' as const,
				id: c.id,
				properties: { demand: c.aged60 },
				geometry: c.geometry
			}));
		const t0 = performance.now();
		const deserts = findDeserts(cells, { uncovered: () => true, minDemand: 1 });
		const desertMs = performance.now() - t0;
		expect(deserts.features.reduce((s, f) => s + f.properties.demand, 0)).toBe(
			full.totals.uncovered
		);
		console.log(
			`demo: ${demand.length} cells, ${supply.length} meal points; delta median ${times[9]!.toFixed(2)} ms; ` +
				`deserts for ${cells.length} uncovered cells in ${desertMs.toFixed(0)} ms`
		);
	});
});
