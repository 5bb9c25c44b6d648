import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '$lib/domain/calendar';
import {
	URGENCY_TIERS,
	compareUrgency,
	extendDeadline,
	fractionLeft,
	isOverdue,
	mostUrgent,
	stageDeadline,
	urgency,
	type UrgencyTier
} from '$lib/domain/sla';

const cn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const cal = DEFAULT_CALENDAR;
const MIN = 60_000;
const at = (m: number) => new Date(Date.UTC(2026, 2, 9) + m * MIN);

describe('deadlines', () => {
	it('counts working limits on the calendar and natural ones on the wall clock', () => {
		expect(stageDeadline(cn('2026-03-06 17:00'), { amount: 2, unit: 'hours' }, cal)).toEqual(
			cn('2026-03-09 10:00')
		);
		expect(
			stageDeadline(cn('2026-03-06 17:00'), { amount: 2, unit: 'hours', clock: 'working' }, cal)
		).toEqual(cn('2026-03-09 10:00'));
		// Flooding at 2 am on a Saturday is due by 4 am, not Monday.
		expect(
			stageDeadline(cn('2026-03-07 02:00'), { amount: 2, unit: 'hours', clock: 'natural' }, cal)
		).toEqual(cn('2026-03-07 04:00'));
		expect(
			stageDeadline(cn('2026-03-07 02:00'), { amount: 10, unit: 'minutes', clock: 'natural' }, cal)
		).toEqual(cn('2026-03-07 02:10'));
		expect(
			stageDeadline(cn('2026-03-07 02:00'), { amount: 1, unit: 'days', clock: 'natural' }, cal)
		).toEqual(cn('2026-03-08 02:00'));
		expect(() =>
			stageDeadline(new Date(Number.NaN), { amount: 1, unit: 'hours', clock: 'natural' }, cal)
		).toThrow(RangeError);
	});

	it('extends from the current deadline, not from the approval', () => {
		expect(extendDeadline(cn('2026-03-09 10:00'), { amount: 2, unit: 'days' }, cal)).toEqual(
			cn('2026-03-11 10:00')
		);
		// Over National Day 2026: 1.5 h on Sep 30, 1.5 h on Oct 8.
		expect(extendDeadline(cn('2026-09-30 16:00'), { amount: 3, unit: 'hours' }, cal)).toEqual(
			cn('2026-10-08 10:00')
		);
	});
});

describe('urgency tiers at their boundaries (wall clock, 100-minute limit)', () => {
	const start = at(0);
	const deadline = at(100);
	const tier = (m: number) => urgency(at(m), start, deadline);
	it('is blue above 50 % left, yellow at 50 %, red at 20 %, overdue only past the deadline', () => {
		expect(tier(0)).toBe('blue');
		expect(urgency(new Date(at(50).getTime() - 1), start, deadline)).toBe('blue');
		expect(tier(50)).toBe('yellow');
		expect(tier(79)).toBe('yellow');
		expect(tier(80)).toBe('red');
		expect(tier(100)).toBe('red');
		expect(urgency(new Date(deadline.getTime() + 1), start, deadline)).toBe('overdue');
		expect(tier(10_000)).toBe('overdue');
	});

	it('honours configured thresholds', () => {
		const thresholds = { yellow: 0.3, red: 0.1 };
		expect(urgency(at(69), start, deadline, { thresholds })).toBe('blue');
		expect(urgency(at(70), start, deadline, { thresholds })).toBe('yellow');
		expect(urgency(at(90), start, deadline, { thresholds })).toBe('red');
	});

	it('never hides overdue, whatever the thresholds', () => {
		const off = { yellow: 0, red: 0 };
		expect(urgency(at(99), start, deadline, { thresholds: off })).toBe('blue');
		expect(urgency(at(101), start, deadline, { thresholds: off })).toBe('overdue');
		expect(() =>
			urgency(at(1), start, deadline, { thresholds: { yellow: 0.2, red: 0.5 } })
		).toThrow(/red must not exceed yellow/);
		expect(() =>
			urgency(at(1), start, deadline, { thresholds: { yellow: 1.5, red: 0.2 } })
		).toThrow();
	});

	it('treats a stage with no time as red until it is overdue', () => {
		expect(urgency(at(-5), at(0), at(0))).toBe('red');
		expect(urgency(at(1), at(0), at(0))).toBe('overdue');
		expect(fractionLeft(at(0), at(10), at(0))).toBe(0);
	});
});

describe('urgency in working time', () => {
	// Dispatched Friday 17:00 with 2 working hours: due Monday 10:00.
	const start = cn('2026-03-06 17:00');
	const deadline = cn('2026-03-09 10:00');
	it('does not let a weekend turn a case red', () => {
		// Monday 09:00: 60 of 120 working minutes left → yellow; by the wall clock 1 h of 65 → red.
		expect(urgency(cn('2026-03-09 09:00'), start, deadline, { calendar: cal })).toBe('yellow');
		expect(urgency(cn('2026-03-09 09:00'), start, deadline)).toBe('red');
		// Saturday: 90 of 120 left.
		expect(fractionLeft(cn('2026-03-07 12:00'), start, deadline, cal)).toBe(0.75);
		expect(urgency(cn('2026-03-07 12:00'), start, deadline, { calendar: cal })).toBe('blue');
		expect(urgency(cn('2026-03-09 10:00'), start, deadline, { calendar: cal })).toBe('red');
		expect(urgency(cn('2026-03-09 10:01'), start, deadline, { calendar: cal })).toBe('overdue');
	});
});

describe('ordering', () => {
	it('sorts most urgent first', () => {
		const tiers: UrgencyTier[] = ['blue', 'overdue', 'yellow', 'red', 'blue'];
		expect([...tiers].sort(compareUrgency)).toEqual(['overdue', 'red', 'yellow', 'blue', 'blue']);
		expect(mostUrgent(['blue', 'yellow'])).toBe('yellow');
		expect(mostUrgent(['blue', 'overdue', 'red'])).toBe('overdue');
		expect(mostUrgent([])).toBeNull();
		expect(isOverdue(at(100), at(100))).toBe(false);
		expect(isOverdue(at(101), at(100))).toBe(true);
	});

	it('never gets less urgent as time passes', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 20 * 450 }),
				fc.integer({ min: -100, max: 20_000 }),
				fc.integer({ min: 0, max: 20_000 }),
				fc.boolean(),
				(limit, t1, dt, working) => {
					const start = cn('2026-03-09 09:00');
					const opts = { calendar: working ? cal : null };
					const deadline = working
						? stageDeadline(start, { amount: limit, unit: 'minutes' }, cal)
						: new Date(start.getTime() + limit * MIN);
					const a = urgency(new Date(start.getTime() + t1 * MIN), start, deadline, opts);
					const b = urgency(new Date(start.getTime() + (t1 + dt) * MIN), start, deadline, opts);
					expect(URGENCY_TIERS).toContain(a);
					expect(compareUrgency(b, a)).toBeLessThanOrEqual(0);
				}
			)
		);
	});
});
