/**
 * Property tests of the working calendar and deadlines (issue 5 §8), over random calendars built
 * the way the service builds them from calendar_day (official lists + the table's days):
 * a deadline never falls on a non-working day, and adding working time is monotonic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	addWorkingTime,
	chinaDate,
	isWorkingDay,
	isWorkingTime,
	type TimeUnit
} from '../../src/lib/domain/calendar';
import { stageDeadline } from '../../src/lib/domain/sla';
import { calendarFromDays } from '../../src/lib/server/incidents/calendar';

const DAY = 86_400_000;
const FIRST = Date.parse('2025-12-01T00:00:00Z');
const SPAN_DAYS = 120;

/** Random holidays and make-up working days in the test span (what calendar_day holds). */
const calendarDays = fc
	.uniqueArray(
		fc.record({ offset: fc.integer({ min: 0, max: SPAN_DAYS + 60 }), working: fc.boolean() }),
		{ selector: (d) => d.offset, maxLength: 40 }
	)
	.map((days) =>
		days.map((d) => ({
			day: new Date(FIRST + d.offset * DAY).toISOString().slice(0, 10),
			working: d.working
		}))
	);
const instant = fc
	.integer({ min: 0, max: SPAN_DAYS * DAY })
	.map((ms) => new Date(FIRST + Math.floor(ms / 60_000) * 60_000));
const limit = fc.oneof(
	fc.record({
		amount: fc.integer({ min: 1, max: 10 }),
		unit: fc.constant<TimeUnit>('days'),
		clock: fc.constant<'working'>('working')
	}),
	fc.record({
		amount: fc.integer({ min: 1, max: 72 }),
		unit: fc.constantFrom<TimeUnit>('hours', 'minutes'),
		clock: fc.constant<'working'>('working')
	})
);

describe('working-clock deadlines (property)', () => {
	it('never fall on a holiday, a weekend that is not a make-up day, or outside hours', () => {
		fc.assert(
			fc.property(calendarDays, instant, limit, (days, start, lim) => {
				const cal = calendarFromDays(days);
				const deadline = stageDeadline(start, lim, cal);
				expect(isWorkingDay(chinaDate(deadline), cal)).toBe(true);
				// A deadline is inside working hours or exactly at a period's close.
				const justBefore = new Date(deadline.getTime() - 1);
				expect(isWorkingTime(deadline, cal) || isWorkingTime(justBefore, cal)).toBe(true);
				expect(deadline.getTime()).toBeGreaterThan(start.getTime());
			}),
			{ numRuns: 300 }
		);
	});

	it('a declared holiday is skipped: no deadline lands on it', () => {
		fc.assert(
			fc.property(instant, fc.integer({ min: 1, max: 5 }), (start, amount) => {
				const plain = calendarFromDays([]);
				const due = addWorkingTime(start, amount, 'days', plain);
				const day = chinaDate(due);
				const cal = calendarFromDays([{ day, working: false }]);
				const moved = addWorkingTime(start, amount, 'days', cal);
				expect(chinaDate(moved)).not.toBe(day);
				expect(moved.getTime()).toBeGreaterThan(due.getTime());
			}),
			{ numRuns: 200 }
		);
	});
});

describe('adding working time (property)', () => {
	it('is monotonic in the amount', () => {
		fc.assert(
			fc.property(
				calendarDays,
				instant,
				fc.constantFrom<TimeUnit>('minutes', 'hours', 'days'),
				fc.integer({ min: 0, max: 40 }),
				fc.integer({ min: 0, max: 40 }),
				(days, start, unit, a, b) => {
					const cal = calendarFromDays(days);
					const [lo, hi] = a <= b ? [a, b] : [b, a];
					const t1 = addWorkingTime(start, lo, unit, cal).getTime();
					const t2 = addWorkingTime(start, hi, unit, cal).getTime();
					expect(t1).toBeLessThanOrEqual(t2);
					if (hi > lo && unit !== 'days') expect(t1).toBeLessThan(t2);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('is monotonic in the start', () => {
		fc.assert(
			fc.property(
				calendarDays,
				instant,
				instant,
				fc.constantFrom<TimeUnit>('minutes', 'hours', 'days'),
				fc.integer({ min: 1, max: 20 }),
				(days, s1, s2, unit, amount) => {
					const cal = calendarFromDays(days);
					const [a, b] = s1 <= s2 ? [s1, s2] : [s2, s1];
					expect(addWorkingTime(a, amount, unit, cal).getTime()).toBeLessThanOrEqual(
						addWorkingTime(b, amount, unit, cal).getTime()
					);
				}
			),
			{ numRuns: 300 }
		);
	});

	it('adds minutes and hours in steps as in one go', () => {
		fc.assert(
			fc.property(
				calendarDays,
				instant,
				fc.integer({ min: 0, max: 2000 }),
				fc.integer({ min: 0, max: 2000 }),
				(days, start, a, b) => {
					const cal = calendarFromDays(days);
					const stepwise = addWorkingTime(
						addWorkingTime(start, a, 'minutes', cal),
						b,
						'minutes',
						cal
					);
					expect(stepwise.getTime()).toBe(addWorkingTime(start, a + b, 'minutes', cal).getTime());
				}
			),
			{ numRuns: 200 }
		);
	});
});
