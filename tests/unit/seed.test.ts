/**
 * The demo generator's pure parts: the PRNG, exact apportionment, array literals for bulk
 * parameters, the simulated case lives (legal on the case cycle, consistent columns) and the
 * population plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../src/lib/domain/calendar';
import { checkHistory, SLA_STAGE_BY_STATE } from '../../src/lib/domain/cases';
import { CATEGORIES } from '../../src/lib/domain/categories';
import type { Cell } from '../../src/lib/server/seed/cells';
import { pgArray } from '../../src/lib/server/seed/context';
import { planIncidents, simEnv } from '../../src/lib/server/seed/incidents';
import { cutAt, derive, simulate, SOURCES, TIME } from '../../src/lib/server/seed/lifecycle';
import { AGED60_MAX, AGED60_MIN, planPopulation } from '../../src/lib/server/seed/population';
import { apportion, rng } from '../../src/lib/server/seed/prng';
import { routingRules } from '../../src/lib/server/seed/reference';
import { validateOptions } from '../../src/lib/server/seed/generate';

const NOW = Date.parse('2026-11-20T02:00:00Z');

describe('rng', () => {
	it('is deterministic per seed and label, and different across them', () => {
		const draw = (seed: number, label: string) => Array.from({ length: 5 }, rng(seed, label).next);
		expect(draw(1, 'a')).toEqual(draw(1, 'a'));
		expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
		expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
	});

	it('stays in range', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 2 ** 32 - 1 }),
				fc.integer({ min: -50, max: 50 }),
				(seed, lo) => {
					const r = rng(seed, 'range');
					for (let i = 0; i < 50; i++) {
						const x = r.next();
						const k = r.int(lo, lo + 7);
						expect(x >= 0 && x < 1).toBe(true);
						expect(Number.isInteger(k) && k >= lo && k <= lo + 7).toBe(true);
					}
				}
			)
		);
	});
});

describe('apportion', () => {
	it('sums exactly and gives each share its floor or ceiling', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 1_000_000 }),
				fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
				(total, weights) => {
					const out = apportion(total, weights);
					const sum = weights.reduce((a, b) => a + b, 0);
					expect(out.reduce((a, b) => a + b, 0)).toBe(total);
					out.forEach((n, i) => {
						const exact = sum > 0 ? (total * weights[i]!) / sum : total / weights.length;
						expect(Number.isInteger(n)).toBe(true);
						expect(n).toBeGreaterThanOrEqual(Math.floor(exact) - 1);
						expect(n).toBeLessThanOrEqual(Math.ceil(exact) + 1);
					});
				}
			)
		);
	});

	it('rejects bad input', () => {
		expect(() => apportion(-1, [1])).toThrow(RangeError);
		expect(() => apportion(5, [1, Number.NaN])).toThrow(RangeError);
		expect(() => apportion(5, [])).toThrow(RangeError);
	});
});

describe('pgArray', () => {
	it('quotes strings, keeps NULLs, and writes booleans and numbers plainly', () => {
		expect(pgArray([1, null, 2.5])).toBe('{1,NULL,2.5}');
		expect(pgArray([true, false, null])).toBe('{t,f,NULL}');
		expect(pgArray(['a', 'NULL', '', 'x"y', 'b\\c', '{,}', '历下'])).toBe(
			'{"a","NULL","","x\\"y","b\\\\c","{,}","历下"}'
		);
		expect(pgArray([])).toBe('{}');
		expect(() => pgArray([Number.NaN])).toThrow(RangeError);
	});
});

describe('case lives', () => {
	const env = simEnv(routingRules(), DEFAULT_CALENDAR);

	it('are legal paths through the case cycle, in time order, with consistent columns', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 2 ** 31 }),
				fc.constantFrom(...CATEGORIES),
				fc.constantFrom(...SOURCES),
				fc.integer({ min: 0, max: 60 * 24 * 90 }),
				fc.record({
					reject: fc.boolean(),
					returned: fc.boolean(),
					rework: fc.boolean(),
					hang: fc.boolean()
				}),
				(seed, category, source, minutesAgo, forced) => {
					const r = rng(seed, 'life');
					const spec = {
						category,
						source,
						reportedAt: NOW - minutesAgo * TIME.MINUTE,
						subdistrict: '370102004000'
					};
					const full = simulate(spec, r, env, forced);
					const events = cutAt(full, NOW);
					const check = checkHistory(events);
					expect(check).toEqual({ ok: true });
					for (let k = 1; k < full.length; k++)
						expect(full[k]!.at).toBeGreaterThan(full[k - 1]!.at);
					const d = derive(events, category, DEFAULT_CALENDAR);
					expect(d.state).toBe(events[events.length - 1]!.to);
					expect(d.stage).toBe(SLA_STAGE_BY_STATE[d.state]);
					expect(d.closedOnTime === null).toBe(d.state !== 'closed');
					if (d.dueAt !== null) expect(d.dispatchedAt).not.toBeNull();
					return true;
				}
			),
			{ numRuns: 300 }
		);
	});

	it('a closed case handled before its deadline is closed on time, one handled after is not', () => {
		let onTime = 0;
		let late = 0;
		for (let seed = 0; seed < 400; seed++) {
			const category = CATEGORIES[seed % CATEGORIES.length]!;
			const spec = {
				category,
				source: 'gridworker' as const,
				reportedAt: NOW - 20 * TIME.DAY,
				subdistrict: '370102001000'
			};
			const events = cutAt(simulate(spec, rng(seed, 'ontime'), env), NOW);
			const d = derive(events, category, DEFAULT_CALENDAR);
			if (d.state !== 'closed') continue;
			expect(d.closedOnTime).toBe(d.handledAt! <= d.dueAt!);
			if (d.closedOnTime) onTime++;
			else late++;
		}
		expect(onTime).toBeGreaterThan(late * 4);
		expect(late).toBeGreaterThan(0);
	});
});

function fakeCells(n: number): Cell[] {
	return Array.from({ length: n }, (_, i) => ({
		id: i + 1,
		code: `370102001${String((i % 6) + 1).padStart(3, '0')}${String(i + 1).padStart(3, '0')}`,
		communityCode: `370102001${String((i % 6) + 1).padStart(3, '0')}`,
		subdistrictCode: '370102001000',
		lon: 117.02 + (i % 20) * 0.0022,
		lat: 36.6 + Math.floor(i / 20) * 0.0018,
		xmin: 0,
		ymin: 0,
		xmax: 0,
		ymax: 0,
		areaM2: i % 17 === 0 ? 800 : 40_000,
		waterShare: i % 23 === 0 ? 1 : 0,
		parkShare: 0,
		residents: 0,
		aged60: 0,
		aged80: 0,
		alone: 0,
		households: 0
	}));
}

describe('planPopulation', () => {
	it('sums exactly to the total and keeps the 60+ share in bounds', () => {
		const cells = fakeCells(400);
		const p = planPopulation(cells, 123_457, rng(7, 'population'));
		expect(p.residents.reduce((a, b) => a + b, 0)).toBe(123_457);
		p.residents.forEach((n, i) => {
			const a60 = p.aged60[i]!;
			expect(a60).toBeLessThanOrEqual(n);
			expect(p.aged80[i]!).toBeLessThanOrEqual(a60);
			expect(p.alone[i]!).toBeLessThanOrEqual(a60);
			if (n >= 10) {
				expect(a60).toBeGreaterThanOrEqual(Math.ceil(n * AGED60_MIN));
				expect(a60).toBeLessThanOrEqual(Math.floor(n * AGED60_MAX));
			}
		});
		// Water cells house nobody.
		cells.forEach((c, i) => {
			if (c.waterShare === 1) expect(p.residents[i]).toBe(0);
		});
	});
});

describe('planIncidents', () => {
	it('is deterministic and puts recent cases in every open state', () => {
		const cells = fakeCells(300).map((c) => ({ ...c, residents: 500 }));
		const names = { community: new Map<string, string>(), subdistrict: new Map<string, string>() };
		const run = () =>
			planIncidents({
				r: rng(42, 'incidents'),
				cells,
				names,
				env: simEnv(routingRules()),
				now: NOW,
				days: 90,
				count: 1500
			});
		const a = run();
		const b = run();
		expect(b.map((p) => [p.tracking, p.derived.state, p.events.length])).toEqual(
			a.map((p) => [p.tracking, p.derived.state, p.events.length])
		);
		const states = new Set(a.map((p) => p.derived.state));
		for (const s of [
			'reported',
			'filed',
			'dispatched',
			'in_progress',
			'handled',
			'verified',
			'returned',
			'reopened',
			'outstanding'
		]) {
			expect(states, s).toContain(s);
		}
		for (let k = 1; k < a.length; k++)
			expect(a[k]!.spec.reportedAt).toBeGreaterThanOrEqual(a[k - 1]!.spec.reportedAt);
		for (const p of a) {
			expect(p.tracking).toMatch(/^[A-Z0-9]{12}$/);
			if (p.mergedInto !== null) {
				expect(p.derived.state).toBe('merged');
				expect(a[p.mergedInto]!.spec.reportedAt).toBeLessThanOrEqual(p.spec.reportedAt);
			}
		}
	});
});

describe('validateOptions', () => {
	it('names the bad option', () => {
		expect(() => validateOptions({ scale: 0, seed: 1 })).toThrow(/scale/);
		expect(() => validateOptions({ scale: 1, seed: 1.5 })).toThrow(/seed/);
		expect(() => validateOptions({ scale: 1, seed: 1, population: 10 })).toThrow(/population/);
		expect(validateOptions({ scale: 1, seed: 1, now: new Date(NOW) })).toMatchObject({
			population: 750_000,
			days: 90
		});
	});
});
