/**
 * Query parameters of the leaders' API: level, period, area, format. A bad value is a
 * UserInputError (→ 400) whose message names the parameter.
 */
import { INDICATOR_LEVELS, type IndicatorLevel, type Period } from '$lib/leader/types';
import { UserInputError } from '../auth/users';

/** The district's clock: periods start and end at midnight China time (UTC+8, no DST). */
export const CHINA_OFFSET = '+08:00';
const DAY = 86_400_000;
export const MAX_PERIOD_DAYS = 366;

export interface ParsedPeriod extends Period {
	start: Date;
	end: Date;
	/** The previous period of the same length, ending at `start`. */
	previousStart: Date;
	days: number;
}

function bad(message: string): never {
	throw new UserInputError(400, message);
}

/**
 * A calendar date YYYY-MM-DD as the instant of its midnight in China time.
 * @example parseDate('2026-11-01', 'from').toISOString() // '2026-10-31T16:00:00.000Z'
 */
export function parseDate(value: string | null, name: string): Date {
	if (value === null || value === '') bad(`Missing query parameter "${name}": expected YYYY-MM-DD`);
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!m) bad(`Invalid query parameter "${name}": expected YYYY-MM-DD`);
	const d = new Date(`${value}T00:00:00${CHINA_OFFSET}`);
	const check = new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
	if (Number.isNaN(d.getTime()) || check !== value) {
		bad(`Invalid query parameter "${name}": ${value} is not a calendar date`);
	}
	return d;
}

/** YYYY-MM-DD of an instant in China time. */
export function chinaDate(d: Date): string {
	return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The period [from, to) and the one before it.
 * @throws UserInputError for a missing or bad date, from ≥ to, or more than 366 days
 */
export function parsePeriod(params: URLSearchParams): ParsedPeriod {
	const start = parseDate(params.get('from'), 'from');
	const end = parseDate(params.get('to'), 'to');
	if (start.getTime() >= end.getTime()) {
		bad('Invalid query parameter "to": must be after "from"');
	}
	const days = Math.round((end.getTime() - start.getTime()) / DAY);
	if (days > MAX_PERIOD_DAYS) {
		bad(`Invalid query parameter "to": the period may span at most ${MAX_PERIOD_DAYS} days`);
	}
	return {
		from: params.get('from')!,
		to: params.get('to')!,
		start,
		end,
		previousStart: new Date(start.getTime() - (end.getTime() - start.getTime())),
		days
	};
}

export function parseLevel(params: URLSearchParams): IndicatorLevel {
	const level = params.get('level') ?? 'subdistrict';
	if (!(INDICATOR_LEVELS as readonly string[]).includes(level)) {
		bad(`Invalid query parameter "level": expected one of ${INDICATOR_LEVELS.join(', ')}`);
	}
	return level as IndicatorLevel;
}

/** An optional 12-digit area code (subdistrict or community), or null. */
export function parseArea(params: URLSearchParams, name = 'area'): string | null {
	const v = params.get(name);
	if (v === null || v === '') return null;
	if (!/^[0-9]{12}$/.test(v)) bad(`Invalid query parameter "${name}": expected a 12-digit code`);
	return v;
}

export function parseFormat(params: URLSearchParams): 'json' | 'csv' {
	const v = params.get('format') ?? 'json';
	if (v !== 'json' && v !== 'csv') bad('Invalid query parameter "format": expected json or csv');
	return v;
}

/**
 * The default period: the last four whole weeks up to and including today (China time).
 * @param now the current instant
 */
export function defaultPeriod(now: Date = new Date()): Period {
	const tomorrow = new Date(`${chinaDate(now)}T00:00:00${CHINA_OFFSET}`).getTime() + DAY;
	return { from: chinaDate(new Date(tomorrow - 28 * DAY)), to: chinaDate(new Date(tomorrow)) };
}
