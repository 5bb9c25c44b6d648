/**
 * Desert polygons on the seeded demo cells (clipped by community borders, so neighbours meet at
 * T-junctions): every desert merges by edge cancelling (no `@turf/union` fallback), its area is
 * the sum of its cells' areas, and its rings are valid.
 */
import area from '@turf/area';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCoverage, DesertIndex } from '../../src/lib/analysis';
import { analysisData, supplyOf, type AnalysisData } from '../../src/lib/server/analysis/data';
import { ringProblems } from '../unit/analysis/helpers';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
let data: AnalysisData;
let index: DesertIndex;

beforeAll(async () => {
	db = await testDb();
	data = await analysisData(db);
	index = new DesertIndex(data.cells.map((c) => c.geometry));
});

afterAll(async () => {
	await db?.close();
});

function checkRun(on: (k: number) => boolean, demand: number[]): number {
	const { deserts, stats } = index.find(on, demand);
	expect(stats.fallbacks).toBe(0);
	expect(stats.fastPath).toBe(stats.components);
	deserts.features.forEach((f, k) => {
		const members = stats.members[k]!;
		const sum = members.reduce(
			(s, m) => s + area({ type: 'Feature', properties: {}, geometry: data.cells[m]!.geometry }),
			0
		);
		expect(Math.abs(area(f) - sum) / sum).toBeLessThan(1e-6);
		expect(ringProblems(f.geometry)).toEqual([]);
	});
	return deserts.features.length;
}

describe('deserts on the seeded demo cells', () => {
	it('the demo cells do meet at T-junctions (the case the fast path must handle)', () => {
		expect(data.cells.length).toBeGreaterThan(100);
		expect(index.tJunctionPairs).toBeGreaterThan(10);
		const all = checkRun(
			() => true,
			data.cells.map(() => 1)
		);
		expect(all).toBeGreaterThanOrEqual(1);
	});

	it('meal points, aged 60+, 500 m: every desert by edge cancelling, areas add up', () => {
		const demand = data.cells.map((c) => ({ id: c.id, lon: c.lon, lat: c.lat, weight: c.aged60 }));
		const supply = supplyOf(data, 'meal', 'active');
		const cov = computeCoverage(demand, supply, { radius: 500 });
		const weights = demand.map((d) => d.weight);
		const found = checkRun((k) => !cov.covered[k] && weights[k]! > 0, weights);
		expect(found).toBeGreaterThan(0);
		// After one added point in the largest gap, the recompute still takes the fast path.
		let best = -1;
		demand.forEach((d, k) => {
			if (!cov.covered[k] && (best < 0 || d.weight > demand[best]!.weight)) best = k;
		});
		const after = computeCoverage(
			demand,
			[...supply, { id: 'cand', lon: demand[best]!.lon, lat: demand[best]!.lat }],
			{ radius: 500 }
		);
		checkRun((k) => !after.covered[k] && weights[k]! > 0, weights);
	});
});
