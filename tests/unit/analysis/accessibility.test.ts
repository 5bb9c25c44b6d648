import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_E2SFCA_ZONES,
	floatingCatchment,
	zoneWeight,
	type CapacitySupplyPoint
} from '$lib/analysis/accessibility';

// Equator line: 0.001° = 144.5536 walking metres. Radius 800 m.
//   D1 0.001: A 144.55 | D2 0.003: A 433.66 | D3 0.008: B 289.11 | D4 0.005: A 722.77, B 722.77
const demand = [
	{ id: 'D1', lon: 0.001, lat: 0, weight: 100 },
	{ id: 'D2', lon: 0.003, lat: 0, weight: 50 },
	{ id: 'D3', lon: 0.008, lat: 0, weight: 200 },
	{ id: 'D4', lon: 0.005, lat: 0, weight: 10 }
];
const supply: CapacitySupplyPoint[] = [
	{ id: 'A', lon: 0, lat: 0, capacity: 10 },
	{ id: 'B', lon: 0.01, lat: 0, capacity: 20 }
];

describe('2SFCA, hand-computed', () => {
	const r = floatingCatchment(demand, supply, { radius: 800 });

	it('step 1: capacity per person in each catchment', () => {
		// R_A = 10 / (100 + 50 + 10); R_B = 20 / (200 + 10)
		expect(r.catchment[0]).toBe(160);
		expect(r.catchment[1]).toBe(210);
		expect(r.ratio[0]).toBeCloseTo(0.0625, 12);
		expect(r.ratio[1]).toBeCloseTo(20 / 210, 12);
	});

	it('step 2: sum of the ratios in reach', () => {
		expect(r.access[0]).toBeCloseTo(0.0625, 12);
		expect(r.access[1]).toBeCloseTo(0.0625, 12);
		expect(r.access[2]).toBeCloseTo(0.0952381, 7);
		expect(r.access[3]).toBeCloseTo(0.0625 + 20 / 210, 12);
	});
});

describe('E2SFCA, hand-computed', () => {
	// Bands of 800 m: ≤ 266.67 → 1, ≤ 533.33 → 0.68, ≤ 800 → 0.22.
	const r = floatingCatchment(demand, supply, { radius: 800, method: 'e2sfca' });

	it('weights the catchment by distance band', () => {
		expect(r.catchment[0]).toBeCloseTo(100 * 1 + 50 * 0.68 + 10 * 0.22, 12); // 136.2
		expect(r.catchment[1]).toBeCloseTo(200 * 0.68 + 10 * 0.22, 12); // 138.2
		expect(r.ratio[0]).toBeCloseTo(10 / 136.2, 12);
		expect(r.ratio[1]).toBeCloseTo(20 / 138.2, 12);
	});

	it('weights access by distance band', () => {
		expect(r.access[0]).toBeCloseTo(10 / 136.2, 12);
		expect(r.access[1]).toBeCloseTo((0.68 * 10) / 136.2, 12);
		expect(r.access[2]).toBeCloseTo((0.68 * 20) / 138.2, 12);
		expect(r.access[3]).toBeCloseTo(0.22 * (10 / 136.2 + 20 / 138.2), 12);
	});

	it('puts band edges in the nearer band', () => {
		expect(zoneWeight(800 / 3, 800, DEFAULT_E2SFCA_ZONES)).toBe(1);
		expect(zoneWeight(800, 800, DEFAULT_E2SFCA_ZONES)).toBe(0.22);
		expect(zoneWeight(800.001, 800, DEFAULT_E2SFCA_ZONES)).toBe(0);
	});
});

describe('floatingCatchment edge cases', () => {
	it('gives NaN ratios to service points with nobody in reach and 0 access to the unserved', () => {
		const r = floatingCatchment(demand, [{ id: 'far', lon: 1, lat: 0, capacity: 5 }], {
			radius: 800
		});
		expect(r.ratio[0]).toBeNaN();
		expect([...r.access]).toEqual([0, 0, 0, 0]);
	});

	it('rejects bad bands and capacities', () => {
		expect(() =>
			floatingCatchment(demand, supply, {
				radius: 800,
				method: 'e2sfca',
				zones: [{ upTo: 0.5, weight: 1 }]
			})
		).toThrow(/upTo = 1/);
		expect(() =>
			floatingCatchment(demand, [{ id: 'x', lon: 0, lat: 0, capacity: -1 }], { radius: 800 })
		).toThrow(/capacity/);
	});
});

describe('conservation: Σ P_i A_i = Σ S_j over service points with demand in reach', () => {
	const lon = fc.double({ min: 116.4, max: 116.43, noNaN: true });
	const lat = fc.double({ min: 39.9, max: 39.92, noNaN: true });

	for (const method of ['2sfca', 'e2sfca'] as const) {
		it(method, () => {
			fc.assert(
				fc.property(
					fc.array(fc.record({ lon, lat, weight: fc.integer({ min: 0, max: 500 }) }), {
						minLength: 1,
						maxLength: 60
					}),
					fc.array(fc.record({ lon, lat, capacity: fc.integer({ min: 0, max: 100 }) }), {
						minLength: 1,
						maxLength: 15
					}),
					fc.integer({ min: 100, max: 1500 }),
					(ds, ss, radius) => {
						const d = ds.map((p, i) => ({ id: i, ...p }));
						const s = ss.map((p, j) => ({ id: j, ...p }));
						const r = floatingCatchment(d, s, { radius, method });
						let lhs = 0;
						d.forEach((p, i) => (lhs += p.weight * r.access[i]!));
						let rhs = 0;
						s.forEach((p, j) => {
							if (r.catchment[j]! > 0) rhs += p.capacity;
						});
						expect(lhs).toBeCloseTo(rhs, 6);
					}
				),
				{ numRuns: 200 }
			);
		});
	}
});
