import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCoverage, type DemandPoint, type SupplyPoint } from '$lib/analysis/coverage';
import { haversineM } from '$lib/analysis/geo';
import { M_PER_DEG_EQ, seeded } from './helpers';

// Points on the equator: 0.001° of longitude is 111.19508 m, × 1.3 = 144.55360 walking metres.
const walk = (deg: number): number => deg * M_PER_DEG_EQ * 1.3;

const supply: SupplyPoint[] = [
	{ id: 'S1', lon: 0, lat: 0 },
	{ id: 'S2', lon: 0.01, lat: 0 }
];
const demand = [
	{ id: 'D1', lon: 0.002, lat: 0, weight: 10, community: 'A' }, // S1 289.11 m: covered
	{ id: 'D2', lon: 0.003, lat: 0, weight: 5, community: 'B' }, // S1 433.66 m: covered
	{ id: 'D3', lon: 0.004, lat: 0, weight: 7, community: 'A' }, // S1 578.21 m: not covered
	{ id: 'D4', lon: 0.0075, lat: 0, weight: 3, community: 'B' }, // S2 361.38 m: covered
	{ id: 'D5', lon: 0.05, lat: 0, weight: 4, community: 'A' }, // S2 5782.14 m: not covered
	{ id: 'D6', lon: 0.005, lat: 0, weight: 1, community: 'B' } // S1 = S2 = 722.77 m: tie → S1
];

describe('computeCoverage on a hand-computed line of points', () => {
	const r = computeCoverage(demand, supply, { radius: 500, groupBy: ['community'] });

	it('finds the nearest service point and its walking distance', () => {
		expect(r.nearestId).toEqual(['S1', 'S1', 'S1', 'S2', 'S2', 'S1']);
		expect([...r.nearestIndex]).toEqual([0, 0, 0, 1, 1, 0]);
		const expected = [walk(0.002), walk(0.003), walk(0.004), walk(0.0025), walk(0.04), walk(0.005)];
		expected.forEach((m, i) => expect(r.distanceM[i]).toBeCloseTo(m, 6));
		expect(r.distanceM[0]).toBeCloseTo(289.1072, 3);
		expect(r.distanceM[4]).toBeCloseTo(5782.144, 2);
	});

	it('marks points within 500 m as covered', () => {
		expect([...r.covered]).toEqual([1, 1, 0, 1, 0, 0]);
	});

	it('totals whole persons', () => {
		expect(r.radiusM).toBe(500);
		expect(r.totals).toEqual({
			points: 6,
			coveredPoints: 3,
			demand: 30,
			covered: 18,
			uncovered: 12,
			percent: 60
		});
	});

	it('totals per community', () => {
		expect(r.groups['community']).toEqual([
			{
				key: 'A',
				points: 3,
				coveredPoints: 1,
				demand: 21,
				covered: 10,
				uncovered: 11,
				percent: (10 / 21) * 100
			},
			{
				key: 'B',
				points: 3,
				coveredPoints: 2,
				demand: 9,
				covered: 8,
				uncovered: 1,
				percent: (8 / 9) * 100
			}
		]);
	});

	it('gives the same answer for a radius in walking minutes', () => {
		const m = computeCoverage(demand, supply, {
			radius: 10,
			model: { unit: 'min', speedMPerMin: 50 }
		});
		expect(m.radiusM).toBe(500);
		expect([...m.covered]).toEqual([...r.covered]);
	});

	it('uses the detour factor', () => {
		// Straight line (detour 1): D3 at 444.78 m is now within 500 m.
		const straight = computeCoverage(demand, supply, {
			radius: 500,
			model: { unit: 'm', detour: 1 }
		});
		expect(straight.distanceM[2]).toBeCloseTo(444.7803, 3);
		expect([...straight.covered]).toEqual([1, 1, 1, 1, 0, 0]);
	});

	it('counts the radius as covered (inclusive)', () => {
		const exact = computeCoverage(demand, supply, { radius: r.distanceM[2]! });
		expect(exact.covered[2]).toBe(1);
	});

	it('can skip the nearest point beyond the radius', () => {
		const near = computeCoverage(demand, supply, { radius: 500, nearestBeyondRadius: false });
		expect(near.nearestId).toEqual(['S1', 'S1', null, 'S2', null, null]);
		expect(near.distanceM[2]).toBe(Infinity);
		expect(near.totals).toEqual(r.totals);
	});
});

describe('computeCoverage edge cases', () => {
	it('handles no service points and no demand', () => {
		const none = computeCoverage(demand, [], { radius: 500 });
		expect(none.nearestId.every((id) => id === null)).toBe(true);
		expect(none.totals.covered).toBe(0);
		expect(none.totals.percent).toBe(0);
		expect(computeCoverage([], supply, { radius: 500 }).totals).toEqual({
			points: 0,
			coveredPoints: 0,
			demand: 0,
			covered: 0,
			uncovered: 0,
			percent: 0
		});
	});

	it('rejects bad coordinates and weights', () => {
		expect(() =>
			computeCoverage([{ id: 1, lon: 200, lat: 0, weight: 1 }], supply, { radius: 500 })
		).toThrow(/demand\[0\]/);
		expect(() =>
			computeCoverage([{ id: 1, lon: 0, lat: 0, weight: -1 }], supply, { radius: 500 })
		).toThrow(/weight/);
	});
});

/** All-pairs reference: nearest by great circle, ties to the lower index. */
function bruteForce(d: DemandPoint[], s: SupplyPoint[], radius: number, detour: number) {
	return d.map((p) => {
		let best = Infinity;
		let bestK = -1;
		s.forEach((q, k) => {
			const m = haversineM(p.lon, p.lat, q.lon, q.lat) * detour;
			if (m < best) {
				best = m;
				bestK = k;
			}
		});
		return { k: bestK, m: best, covered: best <= radius };
	});
}

describe('computeCoverage against all pairs', () => {
	const point = (span: number) =>
		fc.record({
			lon: fc.double({ min: 116.3, max: 116.3 + span, noNaN: true }),
			lat: fc.double({ min: 39.9, max: 39.9 + span, noNaN: true })
		});

	it('matches a brute-force nearest search, near and far', () => {
		fc.assert(
			fc.property(
				fc.array(point(0.05), { minLength: 1, maxLength: 120 }),
				fc.array(point(0.3), { minLength: 1, maxLength: 25 }),
				fc.integer({ min: 50, max: 2000 }),
				fc.double({ min: 1, max: 1.5, noNaN: true }),
				(ds, ss, radius, detour) => {
					const d = ds.map((p, i) => ({ id: i, ...p, weight: 1 + (i % 5) }));
					const s = ss.map((p, k) => ({ id: `s${k}`, ...p }));
					const r = computeCoverage(d, s, { radius, model: { unit: 'm', detour } });
					bruteForce(d, s, radius, detour).forEach((b, i) => {
						expect(r.distanceM[i]).toBeCloseTo(b.m, 6);
						expect(r.covered[i]).toBe(b.covered ? 1 : 0);
						// Equal distances may tie-break either way only if they are truly equal.
						if (r.nearestIndex[i] !== b.k) expect(r.distanceM[i]).toBe(b.m);
					});
				}
			),
			{ numRuns: 60 }
		);
	});

	it('stays exact for large radii at high latitudes (Mohe, 53° N)', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						lon: fc.double({ min: 122, max: 123.5, noNaN: true }),
						lat: fc.double({ min: 52, max: 53.5, noNaN: true })
					}),
					{ minLength: 1, maxLength: 60 }
				),
				fc.array(
					fc.record({
						lon: fc.double({ min: 122, max: 123.5, noNaN: true }),
						lat: fc.double({ min: 52, max: 53.5, noNaN: true })
					}),
					{ minLength: 1, maxLength: 10 }
				),
				fc.integer({ min: 5_000, max: 50_000 }),
				(ds, ss, radius) => {
					const d = ds.map((p, i) => ({ id: i, ...p, weight: 1 }));
					const r = computeCoverage(
						d,
						ss.map((p, k) => ({ id: k, ...p })),
						{ radius, nearestBeyondRadius: false }
					);
					bruteForce(
						d,
						ss.map((p, k) => ({ id: k, ...p })),
						radius,
						1.3
					).forEach((b, i) => {
						expect(r.covered[i]).toBe(b.covered ? 1 : 0);
						expect(r.distanceM[i]).toBe(b.covered ? r.distanceM[i] : Infinity);
						if (b.covered) expect(r.distanceM[i]).toBeCloseTo(b.m, 6);
					});
				}
			),
			{ numRuns: 60 }
		);
	});

	it('matches brute force on a city-sized random instance', () => {
		const rnd = seeded(7);
		const d = Array.from({ length: 3000 }, (_, i) => ({
			id: i,
			lon: 116.3 + rnd() * 0.2,
			lat: 39.9 + rnd() * 0.15,
			weight: Math.floor(rnd() * 30)
		}));
		// Service points clustered in one corner: many demand points are far from all of them.
		const s = Array.from({ length: 150 }, (_, k) => ({
			id: k,
			lon: 116.3 + rnd() * 0.05,
			lat: 39.9 + rnd() * 0.05
		}));
		const r = computeCoverage(d, s, { radius: 500 });
		const b = bruteForce(d, s, 500, 1.3);
		let covered = 0;
		b.forEach((x, i) => {
			expect(r.nearestIndex[i]).toBe(x.k);
			expect(r.distanceM[i]).toBeCloseTo(x.m, 6);
			if (x.covered) covered += d[i]!.weight;
		});
		expect(r.totals.covered).toBe(covered);
		expect(r.totals.uncovered).toBe(r.totals.demand - covered);
	});
});
