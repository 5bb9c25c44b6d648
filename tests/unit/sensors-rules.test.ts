/**
 * The pure rule evaluators (domain/sensor-rules.ts, domain/sensor-threshold.ts) at and around
 * their thresholds, and properties over random sequences: one alert per excursion however the
 * value flaps, state that survives a JSON round trip (it is stored in rule_state between batches).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	daytimeMs,
	parseNoActivityState,
	parseRateState,
	silenceDue,
	stepNoActivity,
	stepRate,
	stepRule,
	type RuleKind
} from '../../src/lib/domain/sensor-rules';
import { EMPTY_STATE, stepThreshold } from '../../src/lib/domain/sensor-threshold';

const MIN = 60_000;
const HOUR = 3600_000;

/** Feeds readings one at a time, through a JSON round trip as between batches. */
function feed(kind: RuleKind, params: unknown, points: [number, number][]) {
	let state: unknown = {};
	let open = false;
	const events: { kind: string; at: number }[] = [];
	for (const [ts, v] of points) {
		const s = stepRule(kind, params, JSON.parse(JSON.stringify(state)), open, ts, v);
		state = s.state;
		open = s.alertOpen;
		if (s.event) events.push({ kind: s.event.kind, at: s.event.at });
	}
	return { events, open, state };
}

describe('threshold with duration', () => {
	const p = { lt: 6, gt: 9, forSeconds: 600 };
	it('opens exactly at forSeconds, not a minute before', () => {
		const pts = (n: number): [number, number][] =>
			Array.from({ length: n }, (_, i) => [i * MIN, 5.9]);
		expect(feed('threshold', p, pts(10)).events).toEqual([]); // 0..9 minutes
		expect(feed('threshold', p, pts(11)).events).toEqual([{ kind: 'open', at: 10 * MIN }]);
	});
	it('treats the bound itself as inside (lt/gt strict) and gte as breached', () => {
		expect(stepThreshold({ lt: 6 }, EMPTY_STATE, false, 0, 6).event).toBeNull();
		expect(stepThreshold({ gt: 9 }, EMPTY_STATE, false, 0, 9).event).toBeNull();
		expect(stepThreshold({ gte: 15 }, EMPTY_STATE, false, 0, 15).event?.kind).toBe('open');
		expect(stepThreshold({ gte: 15 }, EMPTY_STATE, false, 0, 14.999).event).toBeNull();
	});
	it('raises one alert however the value flaps around a bound (property)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.double({ min: 5.5, max: 6.5, noNaN: true }), { maxLength: 200 }),
				(vs) => {
					const r = feed(
						'threshold',
						{ lt: 6, hysteresis: 0.6, clearSeconds: 600 },
						vs.map((v, i) => [i * MIN, v])
					);
					// Clear needs ≥ 6.6: never reached, so never resolved, at most one open.
					expect(r.events.filter((e) => e.kind === 'resolve')).toEqual([]);
					expect(r.events.length).toBeLessThanOrEqual(1);
				}
			)
		);
	});
});

describe('rate of change', () => {
	const p = { maxChange: 50, perSeconds: 3600 };
	it('opens above maxChange within perSeconds, not at it or across a longer gap', () => {
		const s = { lastTs: 0, lastValue: 10, clearSince: null };
		expect(stepRate(p, s, false, 10 * MIN, 60).event).toBeNull(); // change of exactly 50
		expect(stepRate(p, s, false, 10 * MIN, 60.01).event?.kind).toBe('open');
		expect(stepRate(p, s, false, HOUR, 100).event?.kind).toBe('open'); // at perSeconds
		expect(stepRate(p, s, false, HOUR + 1, 100).event).toBeNull(); // a gap, not a jump
		expect(stepRate(p, parseRateState({}), false, 0, 999).event).toBeNull(); // first reading
	});
	it('resolves once changes stay calm (outside the margin) for clearSeconds', () => {
		const q = { ...p, hysteresis: 10, clearSeconds: 1200 };
		const r = feed('rate', q, [
			[0, 10],
			[10 * MIN, 100], // +90: opens
			[20 * MIN, 145], // +45: inside the margin (> 40), not calm
			[30 * MIN, 150], // calm from here
			[40 * MIN, 150],
			[50 * MIN, 151] // 20 minutes calm: resolves
		]);
		expect(r.events).toEqual([
			{ kind: 'open', at: 10 * MIN },
			{ kind: 'resolve', at: 50 * MIN }
		]);
	});
	it('ignores a reading older than the last one evaluated', () => {
		const s = { lastTs: 10 * MIN, lastValue: 10, clearSince: null };
		expect(stepRate(p, s, false, 5 * MIN, 999)).toEqual({
			state: s,
			alertOpen: false,
			event: null
		});
	});
});

describe('no activity (daytime hours, China time)', () => {
	const day = Date.parse('2026-11-23T00:00:00+08:00');
	it('counts only the daytime window', () => {
		expect(daytimeMs(day, day + 24 * HOUR, 7 * 60, 22 * 60)).toBe(15 * HOUR);
		expect(daytimeMs(day, day + 7 * HOUR, 7 * 60, 22 * 60)).toBe(0);
		expect(daytimeMs(day + 21 * HOUR, day + 31 * HOUR, 7 * 60, 22 * 60)).toBe(HOUR);
		expect(daytimeMs(day + 5 * HOUR, day + 5 * HOUR, 7 * 60, 22 * 60)).toBe(0);
	});
	it('opens at 12 daytime hours without use, not one reading earlier', () => {
		const p = { maxValue: 0.01, hours: 12 };
		// Hourly zero readings from 07:00: 11 daytime hours at 18:00, 12 at 19:00.
		const pts: [number, number][] = Array.from({ length: 13 }, (_, i) => [day + (7 + i) * HOUR, 0]);
		expect(feed('no_activity', p, pts.slice(0, 12)).events).toEqual([]);
		expect(feed('no_activity', p, pts).events).toEqual([{ kind: 'open', at: day + 19 * HOUR }]);
	});
	it('does not count the night, and any use resets the count and resolves', () => {
		const p = { maxValue: 0.01, hours: 12 };
		const s = parseNoActivityState({ lastTs: day + 21 * HOUR, idleMs: 11 * HOUR });
		// 21:00 → 08:00 next day: one daytime hour (21–22) + one (07–08) → 13 h: opens.
		expect(stepNoActivity(p, s, false, day + 32 * HOUR, 0).event?.kind).toBe('open');
		const used = stepNoActivity(p, s, true, day + 22 * HOUR, 0.02);
		expect(used.event?.kind).toBe('resolve');
		expect(used.state.idleMs).toBe(0);
		expect(stepNoActivity(p, s, false, day + 22 * HOUR, 0.01).state.idleMs).toBe(12 * HOUR);
	});
});

describe('silence', () => {
	it('is due after more than N intervals without data', () => {
		expect(silenceDue(0, 1800_000, 600, 3)).toBe(false);
		expect(silenceDue(0, 1800_001, 600, 3)).toBe(true);
	});
});

describe('every arrival rule', () => {
	it('emits open and resolve alternately, never two of a kind in a row (property)', () => {
		const kinds: [RuleKind, unknown][] = [
			['threshold', { gt: 50, forSeconds: 120, hysteresis: 5 }],
			['rate', { maxChange: 20, perSeconds: 600, hysteresis: 2 }],
			['no_activity', { maxValue: 1, hours: 1, daytimeStart: '00:00', daytimeEnd: '23:59' }]
		];
		fc.assert(
			fc.property(
				fc.array(
					fc.tuple(
						fc.integer({ min: 1, max: 20 * MIN }),
						fc.double({ min: 0, max: 100, noNaN: true })
					),
					{
						maxLength: 150
					}
				),
				(steps) => {
					let t = 0;
					const pts = steps.map(([dt, v]): [number, number] => [(t += dt), v]);
					for (const [kind, params] of kinds) {
						const r = feed(kind, params, pts);
						r.events.forEach((e, i) => expect(e.kind).toBe(i % 2 === 0 ? 'open' : 'resolve'));
						expect(r.open).toBe(r.events.length % 2 === 1);
					}
				}
			)
		);
	});
});
