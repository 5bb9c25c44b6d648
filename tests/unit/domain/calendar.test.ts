import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CHINA_PUBLIC_HOLIDAYS,
	DEFAULT_CALENDAR,
	addWorkingTime,
	chinaDate,
	createCalendar,
	isWorkingDay,
	isWorkingTime,
	nextWorkingInstant,
	workingMinutesPerDay,
	workingTimeBetween,
	type TimeUnit,
	type WorkingCalendar
} from '$lib/domain/calendar';

/** A China wall-clock time, e.g. cn('2026-03-09 10:00'). */
const cn = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
const cal = DEFAULT_CALENDAR;
const plain = createCalendar(); // weekends only, no holidays

// Reference week (no holidays): Fri 2026-03-06, Sat 07, Sun 08, Mon 09, Tue 10.
describe('working days', () => {
	it('knows weekends, holidays and make-up days (2026)', () => {
		expect(isWorkingDay('2026-03-06', cal)).toBe(true); // Friday
		expect(isWorkingDay('2026-03-07', cal)).toBe(false); // Saturday
		expect(isWorkingDay('2026-01-01', cal)).toBe(false); // New Year
		expect(isWorkingDay('2026-01-04', cal)).toBe(true); // Sunday, make-up
		expect(isWorkingDay('2026-02-14', cal)).toBe(true); // Saturday, make-up
		expect(isWorkingDay('2026-02-23', cal)).toBe(false); // Monday, Spring Festival
		expect(isWorkingDay('2026-02-24', cal)).toBe(true);
		expect(isWorkingDay('2026-02-28', cal)).toBe(true); // Saturday, make-up
		expect(isWorkingDay('2026-04-06', cal)).toBe(false); // Qingming Monday
		expect(isWorkingDay('2026-05-05', cal)).toBe(false);
		expect(isWorkingDay('2026-05-09', cal)).toBe(true); // Saturday, make-up
		expect(isWorkingDay('2026-06-19', cal)).toBe(false); // Dragon Boat Friday
		expect(isWorkingDay('2026-09-20', cal)).toBe(true); // Sunday, make-up
		expect(isWorkingDay('2026-09-25', cal)).toBe(false); // Mid-Autumn Friday
		expect(isWorkingDay('2026-10-07', cal)).toBe(false);
		expect(isWorkingDay('2026-10-08', cal)).toBe(true);
		expect(isWorkingDay('2026-10-10', cal)).toBe(true); // Saturday, make-up
	});

	it('knows 2025 too', () => {
		expect(isWorkingDay('2025-01-01', cal)).toBe(false);
		expect(isWorkingDay('2025-01-26', cal)).toBe(true); // Sunday, make-up
		expect(isWorkingDay('2025-01-28', cal)).toBe(false); // New Year's Eve
		expect(isWorkingDay('2025-02-04', cal)).toBe(false);
		expect(isWorkingDay('2025-02-05', cal)).toBe(true);
		expect(isWorkingDay('2025-04-27', cal)).toBe(true); // Sunday, make-up
		expect(isWorkingDay('2025-06-02', cal)).toBe(false); // Dragon Boat Monday
		expect(isWorkingDay('2025-10-08', cal)).toBe(false); // National Day + Mid-Autumn
		expect(isWorkingDay('2025-10-11', cal)).toBe(true); // Saturday, make-up
	});

	it('ships holiday lists whose make-up days fall on weekends', () => {
		for (const [year, y] of Object.entries(CHINA_PUBLIC_HOLIDAYS)) {
			expect(y.holidays.every((d) => d.startsWith(year))).toBe(true);
			for (const d of y.makeupWorkdays) {
				expect(isWorkingDay(d, plain), d).toBe(false);
			}
		}
		expect(CHINA_PUBLIC_HOLIDAYS[2026]?.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
		expect(CHINA_PUBLIC_HOLIDAYS[2025]?.holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
	});

	it('reads instants as China dates, whatever the machine zone', () => {
		expect(chinaDate(new Date('2026-01-01T15:59:59.999Z'))).toBe('2026-01-01');
		expect(chinaDate(new Date('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
		// 2026-03-06 23:30 UTC is Saturday 07:30 in China.
		expect(isWorkingDay(new Date('2026-03-06T23:30:00Z'), cal)).toBe(false);
	});

	it('supports a six-day week and custom holidays', () => {
		const sixDay = createCalendar({ weekend: [0], holidays: ['2026-03-10'] });
		expect(isWorkingDay('2026-03-07', sixDay)).toBe(true);
		expect(isWorkingDay('2026-03-08', sixDay)).toBe(false);
		expect(isWorkingDay('2026-03-10', sixDay)).toBe(false);
	});
});

describe('working hours', () => {
	it('uses 08:30–12:00 and 13:30–17:30 by default, half-open', () => {
		expect(workingMinutesPerDay(cal)).toBe(450);
		expect(isWorkingTime(cn('2026-03-09 08:30'), cal)).toBe(true);
		expect(isWorkingTime(new Date(cn('2026-03-09 08:30').getTime() - 1), cal)).toBe(false);
		expect(isWorkingTime(new Date(cn('2026-03-09 12:00').getTime() - 1), cal)).toBe(true);
		expect(isWorkingTime(cn('2026-03-09 12:00'), cal)).toBe(false);
		expect(isWorkingTime(cn('2026-03-09 12:00'), cal, { includeEnd: true })).toBe(true);
		expect(isWorkingTime(cn('2026-03-09 12:30'), cal, { includeEnd: true })).toBe(false);
		expect(isWorkingTime(cn('2026-03-09 13:30'), cal)).toBe(true);
		expect(isWorkingTime(cn('2026-03-09 17:30'), cal)).toBe(false);
		expect(isWorkingTime(cn('2026-03-07 10:00'), cal)).toBe(false); // Saturday
		expect(isWorkingTime(cn('2026-02-14 10:00'), cal)).toBe(true); // make-up Saturday
	});

	it('finds the next working instant', () => {
		expect(nextWorkingInstant(cn('2026-03-09 10:00'), cal)).toEqual(cn('2026-03-09 10:00'));
		expect(nextWorkingInstant(cn('2026-03-09 12:00'), cal)).toEqual(cn('2026-03-09 13:30'));
		expect(nextWorkingInstant(cn('2026-03-06 17:30'), cal)).toEqual(cn('2026-03-09 08:30'));
		expect(nextWorkingInstant(cn('2026-09-30 18:00'), cal)).toEqual(cn('2026-10-08 08:30'));
	});

	it('validates options with a message naming the problem', () => {
		expect(() => createCalendar({ hours: [{ start: '13:00', end: '12:00' }] })).toThrow(/empty/);
		expect(() =>
			createCalendar({
				hours: [
					{ start: '08:00', end: '12:00' },
					{ start: '11:00', end: '17:00' }
				]
			})
		).toThrow(/overlaps/);
		expect(() => createCalendar({ holidays: ['2026-02-30'] })).toThrow(/not a real date/);
		expect(() => createCalendar({ hours: [{ start: '08:00', end: '24:00' }] })).toThrow(/HH:MM/);
		expect(() =>
			createCalendar({ holidays: ['2026-02-14'], makeupWorkdays: ['2026-02-14'] })
		).toThrow(/both a holiday and a make-up/);
		expect(() => createCalendar({ hours: [] })).toThrow();
	});
});

describe('addWorkingTime: hand-computed deadlines', () => {
	const cases: [string, number, TimeUnit, string][] = [
		// Minutes and hours count only working time; using up a period ends on its close.
		['2026-03-09 10:00', 30, 'minutes', '2026-03-09 10:30'],
		['2026-03-09 11:50', 30, 'minutes', '2026-03-09 13:50'],
		['2026-03-09 11:30', 30, 'minutes', '2026-03-09 12:00'],
		['2026-03-09 12:30', 4, 'hours', '2026-03-09 17:30'],
		['2026-03-09 12:30', 5, 'hours', '2026-03-10 09:30'],
		['2026-03-09 10:00', 5, 'hours', '2026-03-09 16:30'],
		['2026-03-06 17:00', 2, 'hours', '2026-03-09 10:00'],
		['2026-03-07 09:00', 1, 'hours', '2026-03-09 09:30'],
		['2026-03-09 07:00', 1.5, 'hours', '2026-03-09 10:00'],
		['2026-03-09 10:00', 7.5, 'hours', '2026-03-10 10:00'],
		// Days: same clock time on the N-th next working day when in hours...
		['2026-03-09 10:00', 1, 'days', '2026-03-10 10:00'],
		['2026-03-06 10:00', 1, 'days', '2026-03-09 10:00'],
		['2026-03-09 10:00', 15, 'days', '2026-03-30 10:00'],
		// ...close of the N-th working day when the clock starts at an opening...
		['2026-03-09 18:00', 1, 'days', '2026-03-10 17:30'],
		['2026-03-07 11:00', 1, 'days', '2026-03-09 17:30'],
		['2026-03-09 07:00', 1, 'days', '2026-03-09 17:30'],
		['2026-03-09 08:30', 1, 'days', '2026-03-09 17:30'],
		['2026-03-09 08:30', 2, 'days', '2026-03-10 17:30'],
		// ...and the afternoon opening's time when reported over lunch.
		['2026-03-09 12:30', 1, 'days', '2026-03-10 13:30'],
		// Holidays and make-up days.
		['2026-02-13 16:00', 1, 'days', '2026-02-14 16:00'],
		['2026-02-14 16:00', 1, 'days', '2026-02-24 16:00'],
		['2026-09-30 17:00', 1, 'hours', '2026-10-08 09:00'],
		['2026-09-30 10:00', 1, 'days', '2026-10-08 10:00'],
		['2025-09-30 10:00', 1, 'days', '2025-10-09 10:00']
	];
	it.each(cases)('%s + %s %s → %s', (start, amount, unit, expected) => {
		expect(addWorkingTime(cn(start), amount, unit, cal)).toEqual(cn(expected));
	});

	it('returns the start for a zero amount and refuses bad input', () => {
		const s = cn('2026-03-07 03:00');
		expect(addWorkingTime(s, 0, 'hours', cal)).toEqual(s);
		expect(() => addWorkingTime(s, -1, 'hours', cal)).toThrow(RangeError);
		expect(() => addWorkingTime(s, Number.NaN, 'minutes', cal)).toThrow(RangeError);
		expect(() => addWorkingTime(s, Infinity, 'minutes', cal)).toThrow(RangeError);
		expect(() => addWorkingTime(s, 1.5, 'days', cal)).toThrow(/whole/);
		expect(() => addWorkingTime(new Date(Number.NaN), 1, 'hours', cal)).toThrow(/Invalid Date/);
	});

	it('gives up on a calendar with no working day', () => {
		const never = createCalendar({ weekend: [0, 1, 2, 3, 4, 5, 6] });
		expect(() => addWorkingTime(cn('2026-03-09 10:00'), 1, 'hours', never)).toThrow(
			/no working day/
		);
	});

	it('uses configured hours', () => {
		const short = createCalendar({ hours: [{ start: '09:00', end: '17:00' }] });
		expect(workingMinutesPerDay(short)).toBe(480);
		expect(addWorkingTime(cn('2026-03-09 16:00'), 2, 'hours', short)).toEqual(
			cn('2026-03-10 10:00')
		);
		expect(addWorkingTime(cn('2026-03-09 20:00'), 1, 'days', short)).toEqual(
			cn('2026-03-10 17:00')
		);
	});
});

describe('workingTimeBetween', () => {
	it('counts working minutes, negative when reversed', () => {
		expect(workingTimeBetween(cn('2026-03-06 17:00'), cn('2026-03-09 10:00'), cal)).toBe(120);
		expect(workingTimeBetween(cn('2026-03-09 10:00'), cn('2026-03-06 17:00'), cal)).toBe(-120);
		expect(workingTimeBetween(cn('2026-03-09 11:00'), cn('2026-03-09 14:00'), cal)).toBe(90);
		expect(workingTimeBetween(cn('2026-03-07 00:00'), cn('2026-03-08 23:59'), cal)).toBe(0);
		expect(workingTimeBetween(cn('2026-03-09 00:00'), cn('2026-03-14 00:00'), cal)).toBe(5 * 450);
		// Spring Festival week 2026: Sat 14 worked, 15–23 off.
		expect(workingTimeBetween(cn('2026-02-14 00:00'), cn('2026-02-24 00:00'), cal)).toBe(450);
		expect(
			workingTimeBetween(
				cn('2026-03-09 10:00'),
				new Date(cn('2026-03-09 10:00').getTime() + 30_000),
				cal
			)
		).toBe(0.5);
	});
});

// --- Properties --------------------------------------------------------------------------------

const START = Date.UTC(2024, 11, 1);
const END = Date.UTC(2027, 0, 31);
const instant = fc.integer({ min: START, max: END }).map((ms) => new Date(ms));
const hhmm = (m: number) =>
	`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The default calendar, or a random one: random holidays, make-up days and working periods. */
const calendarArb: fc.Arbitrary<WorkingCalendar> = fc.oneof(
	fc.constant(DEFAULT_CALENDAR),
	fc
		.record({
			holidays: fc.uniqueArray(fc.integer({ min: 0, max: 800 }), { maxLength: 40 }),
			makeups: fc.uniqueArray(fc.integer({ min: 0, max: 800 }), { maxLength: 10 }),
			bounds: fc
				.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 2, maxLength: 6 })
				.map((b) => b.slice(0, b.length - (b.length % 2)).sort((x, y) => x - y))
		})
		.map(({ holidays, makeups, bounds }) => {
			const iso = (d: number) => new Date(START + d * 86_400_000).toISOString().slice(0, 10);
			const h = holidays.map(iso);
			const hours = [];
			for (let i = 0; i < bounds.length; i += 2) {
				hours.push({ start: hhmm(bounds[i] as number), end: hhmm(bounds[i + 1] as number) });
			}
			return createCalendar({
				holidays: h,
				makeupWorkdays: makeups.map(iso).filter((d) => !h.includes(d)),
				hours
			});
		})
);
const minutesArb = fc.integer({ min: 1, max: 20 * 450 });
const unitAmount = fc.oneof(
	fc.record({ unit: fc.constant<TimeUnit>('minutes'), amount: minutesArb }),
	fc.record({ unit: fc.constant<TimeUnit>('hours'), amount: fc.integer({ min: 1, max: 150 }) }),
	fc.record({ unit: fc.constant<TimeUnit>('days'), amount: fc.integer({ min: 1, max: 20 }) })
);

describe('properties', () => {
	it('a deadline is on a working day, within working hours', () => {
		fc.assert(
			fc.property(instant, unitAmount, calendarArb, (start, { unit, amount }, c) => {
				const d = addWorkingTime(start, amount, unit, c);
				expect(isWorkingDay(d, c)).toBe(true);
				expect(isWorkingTime(d, c, { includeEnd: true })).toBe(true);
				expect(d.getTime()).toBeGreaterThan(start.getTime());
			})
		);
	});

	it('a deadline is exactly the amount of working time away', () => {
		fc.assert(
			fc.property(instant, unitAmount, calendarArb, (start, { unit, amount }, c) => {
				const d = addWorkingTime(start, amount, unit, c);
				const perUnit = { minutes: 1, hours: 60, days: workingMinutesPerDay(c) }[unit];
				expect(workingTimeBetween(start, d, c)).toBe(amount * perUnit);
			})
		);
	});

	it('is monotonic in amount', () => {
		fc.assert(
			fc.property(instant, unitAmount, fc.nat(500), calendarArb, (s, { unit, amount }, more, c) => {
				const a = addWorkingTime(s, amount, unit, c).getTime();
				const b = addWorkingTime(s, amount + more, unit, c).getTime();
				expect(b).toBeGreaterThanOrEqual(a);
			})
		);
	});

	it('is monotonic in start', () => {
		fc.assert(
			fc.property(
				instant,
				fc.integer({ min: 0, max: 10 * 86_400_000 }),
				unitAmount,
				calendarArb,
				(s, later, { unit, amount }, c) => {
					const a = addWorkingTime(s, amount, unit, c).getTime();
					const b = addWorkingTime(new Date(s.getTime() + later), amount, unit, c).getTime();
					expect(b).toBeGreaterThanOrEqual(a);
				}
			)
		);
	});

	it('adds up: add(add(s, a), b) = add(s, a + b) for minutes and hours', () => {
		fc.assert(
			fc.property(
				instant,
				fc.constantFrom<TimeUnit>('minutes', 'hours'),
				fc.nat(3000),
				fc.nat(3000),
				calendarArb,
				(s, unit, x, y, c) => {
					const [a, b] = unit === 'hours' ? [x % 60, y % 60] : [x, y];
					const stepwise = addWorkingTime(addWorkingTime(s, a, unit, c), b, unit, c);
					expect(stepwise).toEqual(addWorkingTime(s, a + b, unit, c));
				}
			)
		);
	});

	it('workingTimeBetween splits additively and is zero up to the next working instant', () => {
		fc.assert(
			fc.property(instant, instant, instant, calendarArb, (x, y, z, c) => {
				const [a, b, d] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
				const whole = workingTimeBetween(a, d, c);
				expect(whole).toBeCloseTo(workingTimeBetween(a, b, c) + workingTimeBetween(b, d, c), 6);
				const next = nextWorkingInstant(a, c);
				expect(next.getTime()).toBeGreaterThanOrEqual(a.getTime());
				expect(isWorkingTime(next, c)).toBe(true);
				expect(workingTimeBetween(a, next, c)).toBe(0);
			})
		);
	});
});
