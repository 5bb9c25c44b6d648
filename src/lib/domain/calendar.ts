/**
 * A working calendar in China time (UTC+8, no daylight saving): weekends off, a holiday list,
 * make-up working days (调休), and daily working periods. Case time limits are counted in
 * working time on this calendar (DOMAIN.md, "Time limits").
 *
 * All arithmetic is done on "China-local milliseconds" (UTC ms + 8 h), so the UTC getters of a
 * shifted Date give China wall-clock fields on any machine, whatever its own time zone.
 */
import { z } from 'zod';

/** China Standard Time has been UTC+8 all year since 1991; no DST to handle. */
export const CHINA_UTC_OFFSET_MINUTES = 480;

const MINUTE = 60_000;
const DAY = 86_400_000;
const OFFSET = CHINA_UTC_OFFSET_MINUTES * MINUTE;
/** A calendar that yields no working day within ten years is misconfigured, not slow. */
const MAX_IDLE_DAYS = 3660;

/** Units a limit can be expressed in; hours and minutes are working time, days working days. */
export const TIME_UNITS = ['minutes', 'hours', 'days'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/**
 * China's official public holidays (State Council notices 国办发明电〔2024〕12号 for 2025 and the
 * notice of 2025-11-04 for 2026): the days off, and the weekend days worked in exchange.
 * Defaults only: local offices add their own (createCalendar options).
 */
export const CHINA_PUBLIC_HOLIDAYS: Readonly<
	Record<
		number,
		{ readonly holidays: readonly string[]; readonly makeupWorkdays: readonly string[] }
	>
> = {
	2025: {
		holidays: [
			'2025-01-01',
			...dateRange('2025-01-28', '2025-02-04'),
			...dateRange('2025-04-04', '2025-04-06'),
			...dateRange('2025-05-01', '2025-05-05'),
			...dateRange('2025-05-31', '2025-06-02'),
			...dateRange('2025-10-01', '2025-10-08')
		],
		makeupWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']
	},
	2026: {
		holidays: [
			...dateRange('2026-01-01', '2026-01-03'),
			...dateRange('2026-02-15', '2026-02-23'),
			...dateRange('2026-04-04', '2026-04-06'),
			...dateRange('2026-05-01', '2026-05-05'),
			...dateRange('2026-06-19', '2026-06-21'),
			...dateRange('2026-09-25', '2026-09-27'),
			...dateRange('2026-10-01', '2026-10-07')
		],
		makeupWorkdays: [
			'2026-01-04',
			'2026-02-14',
			'2026-02-28',
			'2026-05-09',
			'2026-09-20',
			'2026-10-10'
		]
	}
};

/** Government office hours in most cities; summer hours differ locally, hence configurable. */
export const DEFAULT_WORKING_HOURS: readonly { readonly start: string; readonly end: string }[] = [
	{ start: '08:30', end: '12:00' },
	{ start: '13:30', end: '17:30' }
];

const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
	.refine((s) => new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, 'not a real date');

// No 24:00: a period ending at midnight would put deadlines on the next (maybe idle) day.
const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (00:00–23:59)');

/** The options a calendar is built from, as they would come from configuration. */
export const calendarOptionsSchema = z
	.object({
		holidays: z.array(isoDate).default([]),
		makeupWorkdays: z.array(isoDate).default([]),
		/** Days of the week off, 0 = Sunday … 6 = Saturday. */
		weekend: z.array(z.number().int().min(0).max(6)).default([0, 6]),
		hours: z
			.array(z.object({ start: clockTime, end: clockTime }))
			.min(1)
			.default(() => DEFAULT_WORKING_HOURS.map((p) => ({ ...p })))
	})
	.superRefine((o, ctx) => {
		const holidays = new Set(o.holidays);
		for (const d of o.makeupWorkdays) {
			if (holidays.has(d)) {
				ctx.addIssue({ code: 'custom', message: `${d} is both a holiday and a make-up workday` });
			}
		}
		let prevEnd = -1;
		for (const p of o.hours) {
			const start = clockMinutes(p.start);
			const end = clockMinutes(p.end);
			if (end <= start) {
				ctx.addIssue({ code: 'custom', message: `working period ${p.start}–${p.end} is empty` });
			}
			if (start < prevEnd) {
				ctx.addIssue({
					code: 'custom',
					message: `working period ${p.start}–${p.end} overlaps or is out of order`
				});
			}
			prevEnd = end;
		}
	});
export type CalendarOptions = z.input<typeof calendarOptionsSchema>;

/** A built calendar: fast lookups, periods in minutes after China-local midnight. */
export interface WorkingCalendar {
	readonly holidays: ReadonlySet<string>;
	readonly makeupWorkdays: ReadonlySet<string>;
	readonly weekend: ReadonlySet<number>;
	readonly periods: readonly { readonly start: number; readonly end: number }[];
}

/**
 * Build a calendar. Omitted options take the defaults: Saturday and Sunday off, 08:30–12:00 and
 * 13:30–17:30, and no holidays (pass {@link DEFAULT_CALENDAR}'s lists, or use it directly, for
 * China's official ones).
 * @throws {z.ZodError} naming the bad option (overlapping periods, a date both holiday and
 * make-up day, a malformed date)
 * @example createCalendar({ holidays: ['2026-03-08'], hours: [{ start: '09:00', end: '17:00' }] })
 */
export function createCalendar(options: CalendarOptions = {}): WorkingCalendar {
	const o = calendarOptionsSchema.parse(options);
	return Object.freeze({
		holidays: new Set(o.holidays),
		makeupWorkdays: new Set(o.makeupWorkdays),
		weekend: new Set(o.weekend),
		periods: Object.freeze(
			o.hours.map((p) => Object.freeze({ start: clockMinutes(p.start), end: clockMinutes(p.end) }))
		)
	});
}

/** China's official 2025 and 2026 holidays and make-up days, default weekend and office hours. */
export const DEFAULT_CALENDAR: WorkingCalendar = createCalendar({
	holidays: Object.values(CHINA_PUBLIC_HOLIDAYS).flatMap((y) => y.holidays),
	makeupWorkdays: Object.values(CHINA_PUBLIC_HOLIDAYS).flatMap((y) => y.makeupWorkdays)
});

/** Minutes of working time in one working day (450 with the default hours). */
export function workingMinutesPerDay(cal: WorkingCalendar): number {
	return cal.periods.reduce((sum, p) => sum + p.end - p.start, 0);
}

/**
 * The China-local calendar date of an instant, as YYYY-MM-DD.
 * @example chinaDate(new Date('2026-01-01T16:00:00Z')) // '2026-01-02'
 */
export function chinaDate(t: Date): string {
	return isoOfDay(Math.floor(local(t) / DAY));
}

/**
 * Whether a China-local date is a working day: make-up days work, holidays do not, otherwise the
 * weekend decides.
 * @param date an ISO date (YYYY-MM-DD, read as a China date) or an instant
 */
export function isWorkingDay(date: string | Date, cal: WorkingCalendar): boolean {
	const day = typeof date === 'string' ? dayOfIso(date) : Math.floor(local(date) / DAY);
	return isWorkingDayIndex(day, cal);
}

/**
 * Whether the clock runs at an instant: a working day, inside a working period. Periods are
 * half-open ([08:30, 12:00)), so 12:00:00.000 itself is lunch.
 * @param opts.includeEnd also accept the closing instant of a period. A deadline may fall
 * exactly there (four working hours from 12:30 end at 17:30), and it is still "in hours".
 */
export function isWorkingTime(
	t: Date,
	cal: WorkingCalendar,
	opts: { includeEnd?: boolean } = {}
): boolean {
	const l = local(t);
	const day = Math.floor(l / DAY);
	if (!isWorkingDayIndex(day, cal)) return false;
	const ms = l - day * DAY;
	return cal.periods.some(
		(p) => ms >= p.start * MINUTE && (opts.includeEnd ? ms <= p.end * MINUTE : ms < p.end * MINUTE)
	);
}

/**
 * The first instant at or after `t` when the clock runs.
 * @throws {RangeError} when the calendar has no working day within ten years
 */
export function nextWorkingInstant(t: Date, cal: WorkingCalendar): Date {
	return fromLocal(nextWorkingLocal(local(t), cal));
}

/**
 * The deadline `amount` units of working time after `start`.
 *
 * Minutes and hours count working time only. A deadline that uses up a period exactly lands on
 * its closing instant (17:30), not on the next opening, so adding in two steps equals adding in
 * one: `add(add(s, a), b) = add(s, a + b)`.
 *
 * Days: N working days are N full working days of working time, counted from the moment the
 * clock starts (`start`, or the next working instant when `start` is outside hours).
 * - Inside working hours: the same clock time on the N-th next working day (10:00 Mon → 10:00
 *   Tue for 1 day, or 10:00 the Monday after a weekend).
 * - When the clock starts at a day's opening (a report at night, on a weekend, before opening,
 *   or exactly at 08:30): the close of the N-th working day counting that day as the first
 *   (18:00 Mon → 17:30 Tue; Saturday → 17:30 Mon).
 * - In the lunch break: the same clock time as the afternoon opening on the N-th next working
 *   day (12:30 Mon → 13:30 Tue), since the clock starts at 13:30.
 * Days must be whole; a fractional limit belongs in hours.
 *
 * An amount of 0 returns `start` unchanged.
 * @throws {RangeError} for a negative or non-finite amount, fractional days, or an invalid date
 * @example addWorkingTime(new Date('2026-03-06T09:00:00Z'), 2, 'hours', DEFAULT_CALENDAR)
 * // Fri 17:00 China time + 2 h → Mon 10:00 China time
 */
export function addWorkingTime(
	start: Date,
	amount: number,
	unit: TimeUnit,
	cal: WorkingCalendar
): Date {
	const s = local(start);
	if (!Number.isFinite(amount) || amount < 0) {
		throw new RangeError(`amount must be a non-negative finite number, got ${amount}`);
	}
	if (amount === 0) return new Date(start.getTime());
	if (unit === 'days') {
		if (!Number.isInteger(amount)) throw new RangeError(`days must be whole, got ${amount}`);
		return fromLocal(addDaysLocal(s, amount, cal));
	}
	const ms = Math.round(amount * (unit === 'hours' ? 60 : 1) * MINUTE);
	return fromLocal(addMsLocal(s, ms, cal));
}

/**
 * Working time between two instants, in minutes (fractional below a minute). Negative when
 * `b` is before `a`, so "working minutes overdue" reads naturally.
 * @example workingTimeBetween(fri1700, mon1000, DEFAULT_CALENDAR) // 120
 */
export function workingTimeBetween(a: Date, b: Date, cal: WorkingCalendar): number {
	const la = local(a);
	const lb = local(b);
	if (lb < la) return -workingMsBetween(lb, la, cal) / MINUTE;
	return workingMsBetween(la, lb, cal) / MINUTE;
}

// ---------------------------------------------------------------------------------------------

function local(t: Date): number {
	const ms = t.getTime();
	if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
	return ms + OFFSET;
}

function fromLocal(l: number): Date {
	return new Date(l - OFFSET);
}

function clockMinutes(hhmm: string): number {
	const [h, m] = hhmm.split(':').map(Number);
	return (h ?? 0) * 60 + (m ?? 0);
}

function isoOfDay(day: number): string {
	return new Date(day * DAY).toISOString().slice(0, 10);
}

function dayOfIso(iso: string): number {
	const ms = Date.parse(`${iso}T00:00:00Z`);
	if (!Number.isFinite(ms)) throw new RangeError(`Invalid ISO date '${iso}'`);
	return ms / DAY;
}

/** Inclusive list of ISO dates, for writing holiday ranges as the notices state them. */
function dateRange(first: string, last: string): string[] {
	const out: string[] = [];
	for (let d = dayOfIso(first); d <= dayOfIso(last); d++) out.push(isoOfDay(d));
	return out;
}

function isWorkingDayIndex(day: number, cal: WorkingCalendar): boolean {
	const iso = isoOfDay(day);
	if (cal.makeupWorkdays.has(iso)) return true;
	if (cal.holidays.has(iso)) return false;
	// Day 0 (1970-01-01) was a Thursday.
	const weekday = (((day + 4) % 7) + 7) % 7;
	return !cal.weekend.has(weekday);
}

/** The first working day index ≥ day. */
function workingDayFrom(day: number, cal: WorkingCalendar): number {
	for (let d = day; d < day + MAX_IDLE_DAYS; d++) if (isWorkingDayIndex(d, cal)) return d;
	throw new RangeError('The calendar has no working day within ten years');
}

function nextWorkingLocal(l: number, cal: WorkingCalendar): number {
	let day = Math.floor(l / DAY);
	let t = l;
	for (;;) {
		day = workingDayFrom(day, cal);
		t = Math.max(t, day * DAY);
		for (const p of cal.periods) {
			const end = day * DAY + p.end * MINUTE;
			if (t < end) return Math.max(t, day * DAY + p.start * MINUTE);
		}
		day++;
	}
}

function addMsLocal(l: number, ms: number, cal: WorkingCalendar): number {
	let remaining = ms;
	let day = Math.floor(l / DAY);
	let t = l;
	for (;;) {
		day = workingDayFrom(day, cal);
		t = Math.max(t, day * DAY);
		for (const p of cal.periods) {
			const end = day * DAY + p.end * MINUTE;
			if (t >= end) continue;
			const from = Math.max(t, day * DAY + p.start * MINUTE);
			// `<=` lands a deadline that uses up a period on its closing instant (see addWorkingTime).
			if (remaining <= end - from) return from + remaining;
			remaining -= end - from;
			t = end;
		}
		day++;
	}
}

function addDaysLocal(l: number, days: number, cal: WorkingCalendar): number {
	const s = nextWorkingLocal(l, cal);
	const day = Math.floor(s / DAY);
	const clock = s - day * DAY;
	const first = cal.periods[0];
	const last = cal.periods[cal.periods.length - 1];
	if (first === undefined || last === undefined) throw new RangeError('No working periods');
	let target = day;
	if (clock === first.start * MINUTE) {
		// The clock starts at the opening, so the starting day counts in full as the first day.
		for (let n = 1; n < days; n++) target = workingDayFrom(target + 1, cal);
		return target * DAY + last.end * MINUTE;
	}
	for (let n = 0; n < days; n++) target = workingDayFrom(target + 1, cal);
	return target * DAY + clock;
}

function workingMsBetween(a: number, b: number, cal: WorkingCalendar): number {
	let total = 0;
	const lastDay = Math.floor(b / DAY);
	for (let day = Math.floor(a / DAY); day <= lastDay; day++) {
		if (!isWorkingDayIndex(day, cal)) continue;
		for (const p of cal.periods) {
			const from = Math.max(a, day * DAY + p.start * MINUTE);
			const to = Math.min(b, day * DAY + p.end * MINUTE);
			if (to > from) total += to - from;
		}
	}
	return total;
}
