/**
 * SLA clocks: deadlines for a stage, extensions, and the urgency tier an operator sees —
 * blue, yellow, red by the share of the stage's time left, and overdue once the deadline passes.
 */
import { z } from 'zod';
import { addWorkingTime, workingTimeBetween, type WorkingCalendar } from './calendar';
import type { TimeLimit } from './categories';

/** Urgency tiers, most urgent first (the order queues sort by). */
export const URGENCY_TIERS = ['overdue', 'red', 'yellow', 'blue'] as const;
export type UrgencyTier = (typeof URGENCY_TIERS)[number];

/**
 * Fractions of the stage's limit left at or below which a case turns yellow and red. There is
 * deliberately no threshold for overdue: a passed deadline is always shown, whatever the
 * configuration (DOMAIN.md: nothing is silently left open).
 */
export const urgencyThresholdsSchema = z
	.object({ yellow: z.number().min(0).max(1), red: z.number().min(0).max(1) })
	.refine((t) => t.red <= t.yellow, { message: 'red must not exceed yellow', path: ['red'] });
export type UrgencyThresholds = z.infer<typeof urgencyThresholdsSchema>;

/** Yellow at ≤ 50 % of the limit left, red at ≤ 20 %. */
export const DEFAULT_URGENCY_THRESHOLDS: UrgencyThresholds = Object.freeze({
	yellow: 0.5,
	red: 0.2
});

const HOUR = 3_600_000;
const NATURAL_MS: Record<TimeLimit['unit'], number> = {
	minutes: 60_000,
	hours: HOUR,
	days: 24 * HOUR
};

/**
 * The deadline of a stage that starts at `start`. Working-clock limits count on the calendar;
 * natural-clock limits (emergencies) count wall-clock time, days being 24 hours.
 * @example stageDeadline(dispatchedAt, { amount: 1, unit: 'days' }, DEFAULT_CALENDAR)
 */
export function stageDeadline(start: Date, limit: TimeLimit, cal: WorkingCalendar): Date {
	if (limit.clock === 'natural') {
		if (!Number.isFinite(start.getTime())) throw new RangeError('Invalid Date');
		return new Date(start.getTime() + Math.round(limit.amount * NATURAL_MS[limit.unit]));
	}
	return addWorkingTime(start, limit.amount, limit.unit, cal);
}

/**
 * The deadline after an approved extension (延期): the granted time is added to the current
 * deadline, not to the approval moment, so a late approval cannot wipe out time already lost.
 */
export function extendDeadline(deadline: Date, extension: TimeLimit, cal: WorkingCalendar): Date {
	return stageDeadline(deadline, extension, cal);
}

/** True once `now` is past the deadline. At the deadline itself the case is still on time. */
export function isOverdue(now: Date, deadline: Date): boolean {
	return now.getTime() > deadline.getTime();
}

/**
 * The share of the stage's time still left, from 1 at the start to 0 at the deadline (negative
 * after it). With a calendar the shares are of working time, so a weekend does not turn a case
 * red by itself; without one, of wall-clock time (for natural-clock stages). A stage with no
 * time at all (deadline at or before its start, or no working time in between) has 0 left.
 */
export function fractionLeft(
	now: Date,
	startedAt: Date,
	deadline: Date,
	calendar: WorkingCalendar | null = null
): number {
	const span = (a: Date, b: Date) =>
		calendar === null ? b.getTime() - a.getTime() : workingTimeBetween(a, b, calendar);
	const total = span(startedAt, deadline);
	const left = span(now, deadline);
	if (!Number.isFinite(total) || !Number.isFinite(left)) throw new RangeError('Invalid Date');
	if (total <= 0) return 0;
	return left / total;
}

/**
 * The urgency tier of a running stage: overdue when past the deadline (by the wall clock, so it
 * never depends on thresholds or the calendar); otherwise red at ≤ `red` of the limit left,
 * yellow at ≤ `yellow`, blue above.
 * @param opts.calendar measure the shares in working time (use for working-clock limits)
 * @example urgency(now, dispatchedAt, deadline, { calendar: DEFAULT_CALENDAR }) // 'yellow'
 */
export function urgency(
	now: Date,
	startedAt: Date,
	deadline: Date,
	opts: { thresholds?: UrgencyThresholds; calendar?: WorkingCalendar | null } = {}
): UrgencyTier {
	const t = urgencyThresholdsSchema.parse(opts.thresholds ?? DEFAULT_URGENCY_THRESHOLDS);
	if (isOverdue(now, deadline)) return 'overdue';
	const f = fractionLeft(now, startedAt, deadline, opts.calendar ?? null);
	if (f <= t.red) return 'red';
	if (f <= t.yellow) return 'yellow';
	return 'blue';
}

/** Sort comparator: most urgent first (overdue, red, yellow, blue). */
export function compareUrgency(a: UrgencyTier, b: UrgencyTier): number {
	return URGENCY_TIERS.indexOf(a) - URGENCY_TIERS.indexOf(b);
}

/** The most urgent of several tiers (for a map cluster or a department row), or null if none. */
export function mostUrgent(tiers: Iterable<UrgencyTier>): UrgencyTier | null {
	let best: UrgencyTier | null = null;
	for (const t of tiers) if (best === null || compareUrgency(t, best) < 0) best = t;
	return best;
}
