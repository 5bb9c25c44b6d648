/**
 * The alert rules evaluated as readings arrive, as pure state machines fed one reading at a time
 * in time order (issue 6 §4). Each keeps a small JSON state per (sensor, rule) in rule_state, so
 * no history is rescanned. Every rule has hysteresis: once open, an alert resolves only after the
 * condition has stayed clear for a while, so a value flapping around a limit raises one alert.
 *
 * - threshold (server/sensors/threshold.ts): value out of bounds for `forSeconds`.
 * - rate: the change between two consecutive readings at most `perSeconds` apart exceeds
 *   `maxChange`.
 * - no_activity: a meter shows no use (every reading ≤ `maxValue`) for `hours` hours counted only
 *   in the daytime window (China time, UTC+8, no daylight saving).
 * - silence: no reading for `intervals` reporting intervals — a function of time passing, so it is
 *   decided by the periodic sweep (one bulk SQL statement), not here; {@link silenceDue} states
 *   the rule for tests and the sweep's documentation.
 */
import { parseState, stepThreshold, type ThresholdParams } from './sensor-threshold';

export type RuleKind = 'threshold' | 'rate' | 'no_activity' | 'silence';
/** The kinds decided on arrival of a reading. */
export const ARRIVAL_KINDS: readonly RuleKind[] = ['threshold', 'rate', 'no_activity'];

export type RuleEvent =
	{ kind: 'open'; at: number; value: number } | { kind: 'resolve'; at: number; value: number };

export interface Step<S> {
	state: S;
	alertOpen: boolean;
	event: RuleEvent | null;
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const obj = (raw: unknown) => (raw ?? {}) as Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// rate of change

export interface RateParams {
	/** Largest allowed change between two consecutive readings. */
	maxChange: number;
	/** Consecutive readings further apart than this are not compared (a gap is not a jump). */
	perSeconds: number;
	/** How far below maxChange a change must be to count as calm (default 0). */
	hysteresis?: number;
	/** How long changes must stay calm before the alert resolves (default perSeconds). */
	clearSeconds?: number;
}

export interface RateState {
	lastTs: number | null;
	lastValue: number | null;
	clearSince: number | null;
}

export function parseRateState(raw: unknown): RateState {
	const o = obj(raw);
	return { lastTs: num(o.lastTs), lastValue: num(o.lastValue), clearSince: num(o.clearSince) };
}

/**
 * Advances a rate-of-change rule by one reading.
 *
 * @param p - the rule's parameters
 * @param s - the state before (not mutated)
 * @param alertOpen - whether an unresolved alert exists for this sensor and rule
 * @param ts - reading time (epoch ms)
 * @param value - reading value
 * @returns the new state, whether an alert is open afterwards, and the event if any
 * @example
 * stepRate({ maxChange: 50, perSeconds: 3600 }, { lastTs: 0, lastValue: 10, clearSince: null }, false, 600_000, 80);
 * // opens: a change of 70 within 10 minutes
 */
export function stepRate(
	p: RateParams,
	s: RateState,
	alertOpen: boolean,
	ts: number,
	value: number
): Step<RateState> {
	if (s.lastTs !== null && ts <= s.lastTs) return { state: s, alertOpen, event: null };
	const next: RateState = { lastTs: ts, lastValue: value, clearSince: s.clearSince };
	if (s.lastTs === null || s.lastValue === null) return { state: next, alertOpen, event: null };
	const gap = ts - s.lastTs;
	const change = Math.abs(value - s.lastValue);
	const compared = gap <= p.perSeconds * 1000;
	if (compared && change > p.maxChange) {
		next.clearSince = null;
		if (!alertOpen) return { state: next, alertOpen: true, event: { kind: 'open', at: ts, value } };
		return { state: next, alertOpen, event: null };
	}
	if (!alertOpen) {
		next.clearSince = null;
		return { state: next, alertOpen, event: null };
	}
	if (compared && change > p.maxChange - (p.hysteresis ?? 0)) {
		// Inside the margin: not a jump, not calm either.
		next.clearSince = null;
		return { state: next, alertOpen, event: null };
	}
	next.clearSince ??= ts;
	if (ts - next.clearSince >= (p.clearSeconds ?? p.perSeconds) * 1000) {
		next.clearSince = null;
		return { state: next, alertOpen: false, event: { kind: 'resolve', at: ts, value } };
	}
	return { state: next, alertOpen, event: null };
}

// ---------------------------------------------------------------------------------------------
// no activity

export interface NoActivityParams {
	/** A reading at or below this is "no use" (e.g. 0.01 kWh per interval). */
	maxValue: number;
	/** Daytime hours without use before an alert opens. */
	hours: number;
	/** 'HH:MM' China time; the window counted as daytime (default 07:00–22:00). */
	daytimeStart?: string;
	daytimeEnd?: string;
}

export interface NoActivityState {
	lastTs: number | null;
	/** Daytime milliseconds without use up to lastTs. */
	idleMs: number;
}

export function parseNoActivityState(raw: unknown): NoActivityState {
	const o = obj(raw);
	return { lastTs: num(o.lastTs), idleMs: num(o.idleMs) ?? 0 };
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

function minutesOf(hhmm: string | undefined, fallback: number): number {
	const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm ?? '');
	return m ? Number(m[1]) * 60 + Number(m[2]) : fallback;
}

/**
 * Milliseconds of the interval [from, to) that fall in the daily window (China time).
 *
 * @param from - epoch ms
 * @param to - epoch ms
 * @param startMin - window start, minutes after midnight
 * @param endMin - window end, minutes after midnight (> startMin)
 * @returns daytime ms in the interval
 * @example
 * daytimeMs(Date.parse('2026-01-01T00:00:00+08:00'), Date.parse('2026-01-02T00:00:00+08:00'), 420, 1320); // 15 h
 */
export function daytimeMs(from: number, to: number, startMin: number, endMin: number): number {
	if (!(to > from)) return 0;
	const ws = startMin * 60_000;
	const we = endMin * 60_000;
	let total = 0;
	const local0 = from + CHINA_OFFSET_MS;
	let day = Math.floor(local0 / DAY_MS) * DAY_MS;
	const localEnd = to + CHINA_OFFSET_MS;
	for (; day < localEnd; day += DAY_MS) {
		const a = Math.max(local0, day + ws);
		const b = Math.min(localEnd, day + we);
		if (b > a) total += b - a;
	}
	return total;
}

/**
 * Advances a no-activity rule by one reading: the interval since the previous reading counts as
 * idle (its daytime part) when this reading shows no use; any use resets the count and resolves an
 * open alert (use is the clear signal; there is no flapping around "nothing").
 *
 * @param p - the rule's parameters
 * @param s - the state before (not mutated)
 * @param alertOpen - whether an unresolved alert exists
 * @param ts - reading time (epoch ms)
 * @param value - the reading (use in the interval ending at ts)
 * @returns the new state, whether an alert is open afterwards, and the event if any
 * @example
 * stepNoActivity({ maxValue: 0.01, hours: 12 }, { lastTs: t0, idleMs: 11.5 * 3600_000 }, false, t0 + 3600_000, 0);
 */
export function stepNoActivity(
	p: NoActivityParams,
	s: NoActivityState,
	alertOpen: boolean,
	ts: number,
	value: number
): Step<NoActivityState> {
	if (s.lastTs !== null && ts <= s.lastTs) return { state: s, alertOpen, event: null };
	if (value > p.maxValue) {
		const state = { lastTs: ts, idleMs: 0 };
		if (alertOpen) return { state, alertOpen: false, event: { kind: 'resolve', at: ts, value } };
		return { state, alertOpen, event: null };
	}
	const add =
		s.lastTs === null
			? 0
			: daytimeMs(s.lastTs, ts, minutesOf(p.daytimeStart, 420), minutesOf(p.daytimeEnd, 1320));
	const state = { lastTs: ts, idleMs: s.idleMs + add };
	if (!alertOpen && state.idleMs >= p.hours * 3600_000) {
		return { state, alertOpen: true, event: { kind: 'open', at: ts, value } };
	}
	return { state, alertOpen, event: null };
}

// ---------------------------------------------------------------------------------------------
// silence

/**
 * Whether a sensor is silent: nothing seen for `intervals` reporting intervals.
 * The sweep's SQL (sql/queries/sensors/sweep_silence_open.sql) states the same condition.
 *
 * @param lastSeen - last reading time (or installation time), epoch ms
 * @param now - epoch ms
 * @param intervalS - the type's reporting interval in seconds
 * @param intervals - the rule's count (default 3)
 * @returns true when an alert is due
 * @example
 * silenceDue(0, 1800_001, 600, 3); // true
 */
export function silenceDue(
	lastSeen: number,
	now: number,
	intervalS: number,
	intervals = 3
): boolean {
	return now - lastSeen > intervals * intervalS * 1000;
}

// ---------------------------------------------------------------------------------------------
// dispatch

/**
 * Advances any arrival rule by one reading; the state is read from and written as plain JSON.
 *
 * @param kind - the rule kind (one of {@link ARRIVAL_KINDS})
 * @param params - alert_rule.params
 * @param raw - rule_state.state as stored
 * @param alertOpen - whether an unresolved alert exists
 * @param ts - reading time (epoch ms)
 * @param value - reading value
 * @returns the new state and the event, if any
 * @example
 * stepRule('threshold', { gte: 15 }, {}, false, 0, 20).event?.kind; // 'open'
 */
export function stepRule(
	kind: RuleKind,
	params: unknown,
	raw: unknown,
	alertOpen: boolean,
	ts: number,
	value: number
): Step<unknown> {
	switch (kind) {
		case 'threshold':
			return stepThreshold(params as ThresholdParams, parseState(raw), alertOpen, ts, value);
		case 'rate':
			return stepRate(params as RateParams, parseRateState(raw), alertOpen, ts, value);
		case 'no_activity':
			return stepNoActivity(
				params as NoActivityParams,
				parseNoActivityState(raw),
				alertOpen,
				ts,
				value
			);
		default:
			return { state: raw, alertOpen, event: null };
	}
}
