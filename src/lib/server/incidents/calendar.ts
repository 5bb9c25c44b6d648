/**
 * The working calendar the case service times cases on: the built-in official holidays
 * (domain/calendar.ts) overridden by the calendar_day table, where an office declares its own
 * holidays and make-up working days. Loaded once per database and cached; a change through
 * {@link setCalendarDay} invalidates the cache at once, and a short time-to-live picks up changes
 * made by another instance.
 */
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { CHINA_PUBLIC_HOLIDAYS, createCalendar, type WorkingCalendar } from '../../domain/calendar';
import { requireCapability } from '../../domain/permissions';
import type { Queryable } from '../db';
import { run } from './common';

/** How long a loaded calendar is trusted before it is read again (other instances' changes). */
export const CALENDAR_TTL_MS = 5 * 60_000;

const cache = new WeakMap<Queryable, { at: number; calendar: Promise<WorkingCalendar> }>();

/** The calendar built from the official lists with the table's days laid over them. */
export function calendarFromDays(days: readonly { day: string; working: boolean }[]) {
	const holidays = new Set(Object.values(CHINA_PUBLIC_HOLIDAYS).flatMap((y) => y.holidays));
	const makeup = new Set(Object.values(CHINA_PUBLIC_HOLIDAYS).flatMap((y) => y.makeupWorkdays));
	for (const d of days) {
		if (d.working) {
			makeup.add(d.day);
			holidays.delete(d.day);
		} else {
			holidays.add(d.day);
			makeup.delete(d.day);
		}
	}
	return createCalendar({ holidays: [...holidays], makeupWorkdays: [...makeup] });
}

/**
 * The working calendar of this database (cached).
 * @param now for tests of the time-to-live
 */
export function workingCalendar(db: Queryable, now = Date.now()): Promise<WorkingCalendar> {
	const hit = cache.get(db);
	if (hit && now - hit.at < CALENDAR_TTL_MS) return hit.calendar;
	const calendar = run<{ day: string; working: boolean }>(
		db,
		'reading the working calendar',
		'calendar_days',
		[]
	).then(calendarFromDays);
	// why: a failed read must not stick; the next call tries again.
	calendar.catch(() => cache.delete(db));
	cache.set(db, { at: now, calendar });
	return calendar;
}

/** Forgets the cached calendar of this database (after a change). */
export function invalidateCalendar(db: Queryable): void {
	cache.delete(db);
}

export const calendarDaySchema = z
	.object({
		day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
		working: z.boolean(),
		note: z.string().trim().max(200).optional()
	})
	.strict();

/**
 * Declares a day a holiday or a make-up working day (administrators); deadlines computed from
 * now on use it. Deadlines already stored are not recomputed.
 */
export async function setCalendarDay(db: Queryable, actor: Actor, input: unknown): Promise<void> {
	requireCapability(actor, 'user.manage');
	const d = calendarDaySchema.parse(input);
	createCalendar({ holidays: d.working ? [] : [d.day] }); // validates the date itself
	await run(db, `saving calendar day ${d.day}`, 'calendar_day_upsert', [
		d.day,
		d.working,
		d.note ?? null
	]);
	invalidateCalendar(db);
}
