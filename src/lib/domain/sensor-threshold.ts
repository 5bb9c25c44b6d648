/**
 * The threshold-with-duration rule as a pure state machine, fed one reading at a time in time
 * order. An alert opens once the value has been out of bounds for `forSeconds`; it resolves only
 * once the value has been back inside the bounds, by the `hysteresis` margin, for `clearSeconds`.
 * A value flapping around a bound therefore raises one alert, not one per crossing.
 */

/** alert_rule.params of a threshold rule; any of lt / gt / gte may be absent. */
export interface ThresholdParams {
	lt?: number;
	gt?: number;
	gte?: number;
	/** How long the value must stay out of bounds before an alert opens (default 0). */
	forSeconds?: number;
	/** How far inside the bounds a value must be to count as clear (default 0). */
	hysteresis?: number;
	/** How long the value must stay clear before the alert resolves (default max(forSeconds, 600)). */
	clearSeconds?: number;
}

/** What is kept in rule_state.state between batches (epoch ms). */
export interface ThresholdState {
	/** Time of the first out-of-bounds reading of the current excursion, or null. */
	breachSince: number | null;
	/** Time of the first clear reading while an alert is open, or null. */
	clearSince: number | null;
	/** The latest reading evaluated (older arrivals are stored but not evaluated). */
	lastTs: number | null;
}

export type ThresholdEvent =
	{ kind: 'open'; at: number; value: number } | { kind: 'resolve'; at: number; value: number };

export const EMPTY_STATE: ThresholdState = { breachSince: null, clearSince: null, lastTs: null };

/**
 * Reads a stored state, tolerating an empty or foreign object (a fresh rule_state row is `{}`).
 *
 * @param raw - rule_state.state
 * @returns a complete state
 * @example
 * parseState({}); // { breachSince: null, clearSince: null, lastTs: null }
 */
export function parseState(raw: unknown): ThresholdState {
	const o = (raw ?? {}) as Record<string, unknown>;
	const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
	return { breachSince: num(o.breachSince), clearSince: num(o.clearSince), lastTs: num(o.lastTs) };
}

/**
 * Whether a value is out of bounds.
 *
 * @param p - the rule's bounds
 * @param v - the value
 * @returns true when it breaches any bound
 * @example
 * isBreach({ lt: 6, gt: 9 }, 5.5); // true
 */
export function isBreach(p: ThresholdParams, v: number): boolean {
	return (
		(p.lt !== undefined && v < p.lt) ||
		(p.gt !== undefined && v > p.gt) ||
		(p.gte !== undefined && v >= p.gte)
	);
}

/**
 * Whether a value is clearly inside the bounds (by the hysteresis margin).
 *
 * @param p - the rule's bounds
 * @param v - the value
 * @returns true when it is clear
 * @example
 * isClear({ lt: 6, gt: 9, hysteresis: 0.2 }, 6.1); // false: inside, but within the margin
 */
export function isClear(p: ThresholdParams, v: number): boolean {
	const h = p.hysteresis ?? 0;
	return (
		(p.lt === undefined || v >= p.lt + h) &&
		(p.gt === undefined || v <= p.gt - h) &&
		(p.gte === undefined || v < p.gte - h)
	);
}

/**
 * Advances the state by one reading.
 *
 * @param p - the rule's parameters
 * @param s - the state before (not mutated)
 * @param alertOpen - whether an unresolved alert exists for this sensor and rule
 * @param ts - reading time (epoch ms)
 * @param value - reading value
 * @returns the new state, whether an alert is open afterwards, and the event if any
 * @example
 * stepThreshold({ lt: 6, forSeconds: 600 }, EMPTY_STATE, false, 0, 5.5); // breachSince 0, no event
 */
export function stepThreshold(
	p: ThresholdParams,
	s: ThresholdState,
	alertOpen: boolean,
	ts: number,
	value: number
): { state: ThresholdState; alertOpen: boolean; event: ThresholdEvent | null } {
	if (s.lastTs !== null && ts <= s.lastTs) return { state: s, alertOpen, event: null };
	const forMs = (p.forSeconds ?? 0) * 1000;
	const clearMs = (p.clearSeconds ?? Math.max(p.forSeconds ?? 0, 600)) * 1000;
	const next: ThresholdState = { ...s, lastTs: ts };
	if (isBreach(p, value)) {
		next.clearSince = null;
		next.breachSince ??= ts;
		if (!alertOpen && ts - next.breachSince >= forMs) {
			return { state: next, alertOpen: true, event: { kind: 'open', at: ts, value } };
		}
		return { state: next, alertOpen, event: null };
	}
	if (!isClear(p, value)) return { state: next, alertOpen, event: null };
	if (!alertOpen) {
		next.breachSince = null;
		next.clearSince = null;
		return { state: next, alertOpen, event: null };
	}
	next.clearSince ??= ts;
	if (ts - next.clearSince >= clearMs) {
		next.breachSince = null;
		next.clearSince = null;
		return { state: next, alertOpen: false, event: { kind: 'resolve', at: ts, value } };
	}
	return { state: next, alertOpen, event: null };
}
