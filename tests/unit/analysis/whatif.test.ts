import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCoverage, type DemandPoint } from '$lib/analysis/coverage';
import { haversineM } from '$lib/analysis/geo';
import { CoverageWhatIf, type WhatIfSupply } from '$lib/analysis/whatif';
import { seeded } from './helpers';

// The same equator line as coverage.test.ts: 0.001° = 144.5536 walking metres.
const demand: DemandPoint[] = [
	{ id: 'D1', lon: 0.002, lat: 0, weight: 10 },
	{ id: 'D2', lon: 0.003, lat: 0, weight: 5 },
	{ id: 'D3', lon: 0.004, lat: 0, weight: 7 },
	{ id: 'D4', lon: 0.0075, lat: 0, weight: 3 },
	{ id: 'D5', lon: 0.05, lat: 0, weight: 4 },
	{ id: 'D6', lon: 0.005, lat: 0, weight: 1 }
];
const supply: WhatIfSupply[] = [
	{ id: 'S1', lon: 0, lat: 0 },
	{ id: 'S2', lon: 0.01, lat: 0 }
];

describe('CoverageWhatIf on a hand-computed line of points', () => {
	it('starts from the same totals as computeCoverage', () => {
		const w = new CoverageWhatIf(demand, supply, { radius: 500 });
		expect(w.totals()).toEqual(computeCoverage(demand, supply, { radius: 500 }).totals);
		expect(w.totals().covered).toBe(18);
		expect([...w.state().coverCount]).toEqual([1, 1, 0, 1, 0, 0]);
	});

	it('adds a point: D3 (0 m) and D6 (144.55 m) become covered', () => {
		const w = new CoverageWhatIf(demand, supply, { radius: 500 });
		const d = w.add({ id: 'S3', lon: 0.004, lat: 0 });
		expect(d).toMatchObject({
			newlyCovered: 8,
			newlyUncovered: 0,
			newlyCoveredPoints: 2,
			changed: [2, 5]
		});
		expect(d.totals).toMatchObject({ covered: 26, uncovered: 4, percent: (26 / 30) * 100 });
		// D1 (289.11 m), D2 (144.55 m), D3, D6 are within 500 m of S3; D4 at 505.94 m is not.
		expect([...w.state().coverCount]).toEqual([2, 2, 1, 1, 0, 1]);
		expect(w.state().nearestDistanceM[1]).toBeCloseTo(144.5536, 3);
		expect(w.nearestId(1)).toBe('S3');
	});

	it('removes a point: D1 and D2 lose their only service point', () => {
		const w = new CoverageWhatIf(demand, supply, { radius: 500 });
		const d = w.remove('S1');
		expect(d).toMatchObject({ newlyCovered: 0, newlyUncovered: 15, changed: [0, 1] });
		expect(d.totals.covered).toBe(3);
		expect(w.has('S1')).toBe(false);
		expect(() => w.remove('S1')).toThrow(/no service point/);
	});

	it('moves a point and switches it off and on', () => {
		const w = new CoverageWhatIf(demand, supply, { radius: 500 });
		// S2 to 0.05: D4 loses cover (3), D5 gains it (4).
		expect(w.move('S2', 0.05, 0)).toMatchObject({ newlyCovered: 4, newlyUncovered: 3 });
		expect(w.setActive('S2', false)).toMatchObject({ newlyCovered: 0, newlyUncovered: 4 });
		expect(w.setActive('S2', false)).toMatchObject({
			newlyCovered: 0,
			newlyUncovered: 0,
			changed: []
		});
		// Moving an inactive point changes nothing until it is switched on; at D4's place it
		// covers D4 (0 m) and D6 (361.38 m).
		expect(w.move('S2', 0.0075, 0).changed).toEqual([]);
		expect(w.setActive('S2', true)).toMatchObject({ newlyCovered: 4, changed: [3, 5] });
	});

	it('re-finds the nearest point when the nearest one goes', () => {
		const w = new CoverageWhatIf(demand, supply, { radius: 500 });
		w.add({ id: 'S3', lon: 0.0025, lat: 0 });
		expect(w.nearestId(0)).toBe('S3');
		w.remove('S3');
		expect(w.nearestId(0)).toBe('S1');
		expect(w.state().nearestDistanceM[0]).toBeCloseTo(289.1072, 3);
	});

	it('rejects duplicate ids and bad coordinates', () => {
		const w = new CoverageWhatIf(demand, supply, { radius: 500 });
		expect(() => w.add({ id: 'S1', lon: 0, lat: 0 })).toThrow(/duplicate/);
		expect(() => w.move('S1', 0, 95)).toThrow(/lon\/lat/);
	});
});

type Op =
	| { kind: 'add'; lon: number; lat: number }
	| { kind: 'move'; pick: number; lon: number; lat: number }
	| { kind: 'remove'; pick: number }
	| { kind: 'active'; pick: number; on: boolean };

describe('CoverageWhatIf incremental = full recomputation', () => {
	const lon = fc.double({ min: 116.4, max: 116.42, noNaN: true });
	const lat = fc.double({ min: 39.9, max: 39.915, noNaN: true });
	const op: fc.Arbitrary<Op> = fc.oneof(
		fc.record({ kind: fc.constant('add' as const), lon, lat }),
		fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), lon, lat }),
		fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
		fc.record({ kind: fc.constant('active' as const), pick: fc.nat(), on: fc.boolean() })
	);

	it('after random add/move/remove/setActive sequences', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ lon, lat, weight: fc.integer({ min: 0, max: 50 }) }), {
					minLength: 1,
					maxLength: 80
				}),
				fc.array(fc.record({ lon, lat, active: fc.boolean() }), { maxLength: 6 }),
				fc.integer({ min: 100, max: 900 }),
				fc.array(op, { maxLength: 25 }),
				(ds, ss, radius, ops) => {
					const d = ds.map((p, i) => ({ id: i, ...p }));
					const points = new Map<string, { lon: number; lat: number; active: boolean }>();
					ss.forEach((p, k) => points.set(`s${k}`, { ...p }));
					const w = new CoverageWhatIf(
						d,
						[...points].map(([id, p]) => ({ id, ...p })),
						{ radius }
					);
					let covered = w.totals().covered;
					let next = ss.length;
					for (const o of ops) {
						const ids = [...points.keys()];
						let delta;
						if (o.kind === 'add') {
							const id = `s${next++}`;
							points.set(id, { lon: o.lon, lat: o.lat, active: true });
							delta = w.add({ id, lon: o.lon, lat: o.lat });
						} else if (ids.length === 0) {
							continue;
						} else {
							const id = ids[o.pick % ids.length]!;
							const p = points.get(id)!;
							if (o.kind === 'move') {
								Object.assign(p, { lon: o.lon, lat: o.lat });
								delta = w.move(id, o.lon, o.lat);
							} else if (o.kind === 'remove') {
								points.delete(id);
								delta = w.remove(id);
							} else {
								p.active = o.on;
								delta = w.setActive(id, o.on);
							}
						}
						// The delta explains the change in covered demand.
						expect(delta.totals.covered).toBe(covered + delta.newlyCovered - delta.newlyUncovered);
						covered = delta.totals.covered;

						const active = [...points]
							.filter(([, p]) => p.active)
							.map(([id, p]) => ({ id, lon: p.lon, lat: p.lat }));
						const full = computeCoverage(d, active, { radius });
						expect(delta.totals).toEqual(full.totals);
						const state = w.state();
						d.forEach((p, i) => {
							const within = active
								.map((s) => haversineM(p.lon, p.lat, s.lon, s.lat) * 1.3)
								.filter((m) => m <= radius);
							expect(state.coverCount[i]).toBe(within.length);
							expect(state.nearestDistanceM[i]).toBe(
								within.length > 0 ? full.distanceM[i] : Infinity
							);
						});
					}
				}
			),
			{ numRuns: 150 }
		);
	});
});

describe('CoverageWhatIf scale', () => {
	it('keeps 100,000 demand points consistent through a session', () => {
		const rnd = seeded(3);
		const d = Array.from({ length: 100_000 }, (_, i) => ({
			id: i,
			lon: 116.3 + rnd() * 0.2,
			lat: 39.9 + rnd() * 0.15,
			weight: Math.floor(rnd() * 20)
		}));
		const s = Array.from({ length: 500 }, (_, k) => ({
			id: k,
			lon: 116.3 + rnd() * 0.2,
			lat: 39.9 + rnd() * 0.15
		}));
		const w = new CoverageWhatIf(d, s, { radius: 500 });
		const added = Array.from({ length: 50 }, (_, k) => ({
			id: `new${k}`,
			lon: 116.3 + rnd() * 0.2,
			lat: 39.9 + rnd() * 0.15
		}));
		for (const a of added) w.add(a);
		for (let k = 0; k < 50; k++) w.remove(k * 3);
		const kept = s.filter((_, k) => !(k % 3 === 0 && k < 150));
		expect(w.totals()).toEqual(computeCoverage(d, [...kept, ...added], { radius: 500 }).totals);
	});
});
