/**
 * Reproduces PySAL spopt's published answers on its San Francisco test set (205 census tracts ×
 * 16 candidate stores, road-network distances; tests/fixtures/spopt-sf/README.md).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { solveLocation, type LocationResult } from '$lib/analysis/optimize';
import { loadSf, sweepTable, type SfData } from '../../fixtures/spopt-sf';
import { loadHighsInstance } from './highs-instance';

const dir = new URL('../../fixtures/spopt-sf/', import.meta.url);

describe('spopt San Francisco reference', () => {
	let sf: SfData;
	const solve = async (problem: Parameters<typeof solveLocation>[0]): Promise<LocationResult> =>
		solveLocation(problem, { highs: await loadHighsInstance() });

	beforeAll(() => {
		sf = loadSf();
	});

	it('parses a 205 × 16 cost matrix and the demand vector', () => {
		expect(sf.costs).toHaveLength(205);
		expect(sf.costs.every((row) => row.length === 16 && row.every(Number.isFinite))).toBe(true);
		expect(sf.demand.reduce((a, b) => a + b, 0)).toBe(955_113);
		// Column order is the file's: Store_1…Store_7, then Store_11…Store_19 (there is no Store_8–10).
		expect(sf.stores).toEqual([
			...[1, 2, 3, 4, 5, 6, 7].map((k) => `Store_${k}`),
			...[11, 12, 13, 14, 15, 16, 17, 18, 19].map((k) => `Store_${k}`)
		]);
		// The same stores, in the same order, as the coordinates file.
		const coords = readFileSync(new URL('SF_store_site_16_longlat.csv', dir), 'utf8');
		const names = coords
			.split(/\r?\n/)
			.slice(1)
			.filter(Boolean)
			.map((l) => l.split(',')[2]!.replaceAll('"', ''));
		expect(names).toEqual(sf.stores);
	});

	it('MCLP p = 4, S = 5000: covers 875,247 with stores 2, 11, 12, 15, leaving 21 tracts', async () => {
		const r = await solve({
			model: 'mclp',
			costs: sf.costs,
			demand: sf.demand,
			radius: 5000,
			p: 4
		});
		expect(r.status).toBe('optimal');
		expect(r.gap).toBe(0);
		expect(r.objective).toBe(875_247);
		expect(r.selected.map((j) => sf.stores[j])).toEqual([
			'Store_2',
			'Store_11',
			'Store_12',
			'Store_15'
		]);
		expect(r.selected).toEqual([1, 7, 8, 11]);
		expect(r.uncoveredRows).toBe(21);
		expect(((r.objective / r.totalDemand) * 100).toFixed(2)).toBe('91.64');
	});

	it('LSCP, S = 5000: 8 stores cover every tract', async () => {
		const r = await solve({ model: 'lscp', costs: sf.costs, demand: sf.demand, radius: 5000 });
		expect(r.status).toBe('optimal');
		expect(r.objective).toBe(8);
		expect(r.selected).toHaveLength(8);
		expect(r.uncoveredRows).toBe(0);
	});

	it('p-median p = 4: mean weighted distance 2982.1268 m with stores 2, 11, 12, 15', async () => {
		const r = await solve({ model: 'pmedian', costs: sf.costs, demand: sf.demand, p: 4 });
		expect(r.status).toBe('optimal');
		expect(Math.abs(r.objective / r.totalDemand - 2982.1268579890657)).toBeLessThan(1e-3);
		expect(r.meanDistance).toBeCloseTo(2982.1268579890657, 3);
		expect(r.selected.map((j) => sf.stores[j])).toEqual([
			'Store_2',
			'Store_11',
			'Store_12',
			'Store_15'
		]);
	});

	it('the whole MCLP sweep table (S 2000–6000 × p 1–6), to 2 decimals', async () => {
		const table = sweepTable();
		expect([...table.keys()]).toEqual([2000, 3000, 4000, 5000, 6000]);
		for (const [radius, percents] of table) {
			expect(percents).toHaveLength(6);
			const got: string[] = [];
			for (let p = 1; p <= 6; p++) {
				const r = await solve({ model: 'mclp', costs: sf.costs, demand: sf.demand, radius, p });
				expect(r.status).toBe('optimal');
				got.push(((r.objective / r.totalDemand) * 100).toFixed(2));
			}
			expect({ radius, percents: got }).toEqual({
				radius,
				percents: percents.map((x) => x.toFixed(2))
			});
		}
	});

	it('also solves through the one-shot highs.solve() API', async () => {
		const highs = await loadHighsInstance();
		const r = await solveLocation(
			{ model: 'mclp', costs: sf.costs, demand: sf.demand, radius: 5000, p: 4 },
			{ highs: { solve: highs.solve.bind(highs) } }
		);
		expect(r).toMatchObject({
			status: 'optimal',
			objective: 875_247,
			selected: [1, 7, 8, 11],
			gap: 0
		});
	});
});
