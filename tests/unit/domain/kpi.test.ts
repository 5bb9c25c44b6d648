import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	COUNT_KEYS,
	DEFAULT_KPI_WEIGHTS,
	KPI_DEFINITIONS,
	KPI_NAMES,
	addCounts,
	belowBaselineTwoWeeks,
	compositeScore,
	computeRates,
	emptyCounts,
	overdueTier,
	safetyTier,
	surge,
	worstTier,
	type CaseCounts,
	type KpiName
} from '$lib/domain/kpi';

/** A busy week, every count chosen so the rates come out round. */
const WEEK: CaseCounts = {
	accepted: 200,
	filed: 180,
	dispatched: 171,
	due: 150,
	closed: 141,
	closedOnTime: 120,
	reworked: 3,
	extended: 6,
	responded: 190,
	resolved: 170,
	rated: 100,
	satisfied: 92
};

describe('rates', () => {
	it('computes every rate from a hand-checked fixture', () => {
		const r = computeRates(WEEK);
		expect(r.filingRate).toBeCloseTo(0.9, 12);
		expect(r.dispatchRate).toBeCloseTo(0.95, 12);
		expect(r.closureRate).toBeCloseTo(0.94, 12);
		expect(r.onTimeRate).toBeCloseTo(0.8, 12);
		expect(r.reworkRate).toBeCloseTo(0.02, 12);
		expect(r.extensionRate).toBeCloseTo(0.04, 12);
		expect(r.responseRate).toBeCloseTo(0.95, 12);
		expect(r.resolutionRate).toBeCloseTo(0.85, 12);
		expect(r.satisfactionRate).toBeCloseTo(0.92, 12);
	});

	it('gives null, not 0 or 1, for an empty period', () => {
		const r = computeRates(emptyCounts());
		for (const name of KPI_NAMES) expect(r[name], name).toBeNull();
		expect(compositeScore(r)).toBeNull();
	});

	it('gives null only where the denominator is 0', () => {
		const r = computeRates({
			...emptyCounts(),
			accepted: 10,
			filed: 10,
			dispatched: 5,
			responded: 10,
			resolved: 5
		});
		expect(r).toEqual({
			filingRate: 1,
			dispatchRate: 0.5,
			closureRate: null,
			onTimeRate: null,
			reworkRate: null,
			extensionRate: null,
			responseRate: 1,
			resolutionRate: 0.5,
			satisfactionRate: null
		});
		// Renormalised over filing 10, dispatch 10, response 5, resolution 10:
		// (10·1 + 10·0.5 + 5·1 + 10·0.5) / 35 = 25/35.
		expect(compositeScore(r)).toBeCloseTo((100 * 25) / 35, 10);
	});

	it('refuses counts that cannot be right', () => {
		expect(() => computeRates({ ...WEEK, closed: 151 })).toThrow(/closed \(151\) exceeds due/);
		expect(() => computeRates({ ...WEEK, accepted: -1 })).toThrow();
		expect(() => computeRates({ ...WEEK, rated: 2.5 })).toThrow();
		expect(() => computeRates({ ...WEEK, satisfied: 101 })).toThrow(/satisfied/);
	});

	it('rolls units up by adding counts, not averaging rates', () => {
		const a = { ...emptyCounts(), accepted: 10, filed: 10 };
		const b = { ...emptyCounts(), accepted: 90, filed: 45 };
		const district = addCounts(a, b);
		expect(district).toMatchObject({ accepted: 100, filed: 55 });
		expect(computeRates(district).filingRate).toBeCloseTo(0.55, 12);
		expect(addCounts()).toEqual(emptyCounts());
	});

	it('defines every indicator for tooltips, numerator a subset of denominator', () => {
		for (const name of KPI_NAMES) {
			const d = KPI_DEFINITIONS[name];
			expect(
				d.zh.length * d.en.length * d.definitionZh.length * d.definitionEn.length
			).toBeGreaterThan(0);
			expect(COUNT_KEYS).toContain(d.numerator);
			expect(COUNT_KEYS).toContain(d.denominator);
		}
		expect(KPI_DEFINITIONS.closureRate).toMatchObject({
			zh: '结案率',
			numerator: 'closed',
			denominator: 'due'
		});
		expect(KPI_DEFINITIONS.reworkRate.higherIsBetter).toBe(false);
		expect(KPI_DEFINITIONS.extensionRate.higherIsBetter).toBe(false);
	});

	it('keeps rates in [0, 1] and the composite in [0, 100] for any valid counts', () => {
		const counts = fc
			.record({
				accepted: fc.nat(1000),
				a: fc.double({ min: 0, max: 1, noNaN: true }),
				b: fc.double({ min: 0, max: 1, noNaN: true }),
				due: fc.nat(1000),
				c: fc.double({ min: 0, max: 1, noNaN: true }),
				d: fc.double({ min: 0, max: 1, noNaN: true }),
				e: fc.double({ min: 0, max: 1, noNaN: true }),
				f: fc.double({ min: 0, max: 1, noNaN: true }),
				rated: fc.nat(1000),
				g: fc.double({ min: 0, max: 1, noNaN: true })
			})
			.map(({ accepted, a, b, due, c, d, e, f, rated, g }): CaseCounts => {
				const filed = Math.floor(accepted * a);
				return {
					accepted,
					filed,
					dispatched: Math.floor(filed * b),
					due,
					closed: Math.floor(due * c),
					closedOnTime: Math.floor(due * c * d),
					reworked: Math.floor(due * e),
					extended: Math.floor(due * f),
					responded: Math.floor(accepted * b),
					resolved: Math.floor(accepted * a),
					rated,
					satisfied: Math.floor(rated * g)
				};
			});
		fc.assert(
			fc.property(counts, (c) => {
				const r = computeRates(c);
				for (const name of KPI_NAMES) {
					const v = r[name];
					if (v !== null) {
						expect(v).toBeGreaterThanOrEqual(0);
						expect(v).toBeLessThanOrEqual(1);
					} else {
						expect(c[KPI_DEFINITIONS[name].denominator]).toBe(0);
					}
				}
				const s = compositeScore(r);
				if (s !== null) {
					expect(s).toBeGreaterThanOrEqual(0);
					expect(s).toBeLessThanOrEqual(100 + 1e-9);
				}
			})
		);
	});
});

describe('composite score', () => {
	it('uses documented default weights summing to 100', () => {
		expect(Object.values(DEFAULT_KPI_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
	});

	it('matches the hand computation for the fixture', () => {
		// 10·.9 + 10·.95 + 20·.94 + 20·.8 + 10·(1−.02) + 5·(1−.04) + 5·.95 + 10·.85 + 10·.92
		// = 9 + 9.5 + 18.8 + 16 + 9.8 + 4.8 + 4.75 + 8.5 + 9.2 = 90.35
		expect(compositeScore(computeRates(WEEK))).toBeCloseTo(90.35, 10);
	});

	it('takes custom weights and ignores zero-weighted or null indicators', () => {
		const only = Object.fromEntries(KPI_NAMES.map((k) => [k, 0])) as Record<KpiName, number>;
		expect(compositeScore(computeRates(WEEK), { ...only, satisfactionRate: 1 })).toBeCloseTo(
			92,
			10
		);
		expect(compositeScore(computeRates(WEEK), { ...only, reworkRate: 3 })).toBeCloseTo(98, 10);
		expect(compositeScore(computeRates(WEEK), only)).toBeNull();
		expect(() => compositeScore(computeRates(WEEK), { ...only, closureRate: -1 })).toThrow();
		// Perfect and worst units.
		const perfect = computeRates({
			...WEEK,
			filed: 200,
			dispatched: 200,
			closed: 150,
			closedOnTime: 150,
			reworked: 0,
			extended: 0,
			responded: 200,
			resolved: 200,
			satisfied: 100
		});
		expect(compositeScore(perfect)).toBe(100);
		const worst = computeRates({
			...emptyCounts(),
			accepted: 5,
			due: 5,
			reworked: 5,
			extended: 5,
			rated: 5
		});
		expect(compositeScore(worst)).toBe(0);
	});
});

describe('warnings', () => {
	it('fires below baseline only for two full weeks in a row', () => {
		expect(belowBaselineTwoWeeks([0.9, 0.79, 0.78], 0.8)).toBe(true);
		expect(belowBaselineTwoWeeks([0.79, 0.8], 0.8)).toBe(false); // at baseline is meeting it
		expect(belowBaselineTwoWeeks([0.8, 0.79], 0.8)).toBe(false);
		expect(belowBaselineTwoWeeks([0.79, 0.81, 0.79], 0.8)).toBe(false);
		expect(belowBaselineTwoWeeks([0.79], 0.8)).toBe(false);
		expect(belowBaselineTwoWeeks([], 0.8)).toBe(false);
		expect(belowBaselineTwoWeeks([0.7, null, 0.7], 0.8)).toBe(false);
		expect(belowBaselineTwoWeeks([null, 0.7, 0.7], 0.8)).toBe(true);
		expect(belowBaselineTwoWeeks([0.7, 0.7], 0.8, { weeks: 3 })).toBe(false);
		expect(belowBaselineTwoWeeks([0.7, 0.7, 0.7], 0.8, { weeks: 3 })).toBe(true);
	});

	it('reads "worse" as above for an indicator better low (untimely garbage > 10 %)', () => {
		expect(belowBaselineTwoWeeks([0.11, 0.12], 0.1, { higherIsBetter: false })).toBe(true);
		expect(belowBaselineTwoWeeks([0.1, 0.12], 0.1, { higherIsBetter: false })).toBe(false);
		expect(belowBaselineTwoWeeks([0.05, 0.05], 0.1, { higherIsBetter: false })).toBe(false);
	});

	it('turns yellow on a +200 % surge, exactly at the boundary', () => {
		expect(surge(30, 10)).toBe('yellow');
		expect(surge(29, 10)).toBeNull();
		expect(surge(31, 10)).toBe('yellow');
		expect(surge(10, 10)).toBeNull();
		expect(surge(3, 10)).toBeNull();
		expect(surge(0, 0)).toBeNull();
		expect(surge(1, 0)).toBe('yellow');
		expect(surge(4, 0, { minVolume: 5 })).toBeNull();
		expect(surge(5, 0, { minVolume: 5 })).toBe('yellow');
		expect(surge(20, 10, { increase: 1 })).toBe('yellow');
		expect(surge(19, 10, { increase: 1 })).toBeNull();
		expect(() => surge(-1, 10)).toThrow(RangeError);
		expect(() => surge(1, Number.NaN)).toThrow(RangeError);
	});

	it('tiers overdue counts at their thresholds', () => {
		expect(overdueTier(0)).toBeNull();
		expect(overdueTier(1)).toBe('blue');
		expect(overdueTier(4)).toBe('blue');
		expect(overdueTier(5)).toBe('yellow');
		expect(overdueTier(9)).toBe('yellow');
		expect(overdueTier(10)).toBe('red');
		const t = { blue: 2, yellow: 2, red: 3 };
		expect(overdueTier(1, t)).toBeNull();
		expect(overdueTier(2, t)).toBe('yellow');
		expect(overdueTier(3, t)).toBe('red');
		expect(() => overdueTier(1, { blue: 5, yellow: 2, red: 3 })).toThrow(/blue ≤ yellow ≤ red/);
		expect(() => overdueTier(-1)).toThrow(RangeError);
		expect(() => overdueTier(1.5)).toThrow(RangeError);
	});

	it('picks the worst tier and flags safety red', () => {
		expect(worstTier(['blue', null, 'yellow'])).toBe('yellow');
		expect(worstTier([surge(30, 10), overdueTier(10), null])).toBe('red');
		expect(worstTier([null])).toBeNull();
		expect(safetyTier(0)).toBeNull();
		expect(safetyTier(1)).toBe('red');
	});
});
