/**
 * The indicator settings schema (what an admin may save) and the ETags of the live leaders' page:
 * pure checks, no database.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import { DEFAULT_KPI_WEIGHTS, KPI_NAMES } from '../../src/lib/domain/kpi';
import { zodMessage } from '../../src/lib/server/http/errors';
import { etagFor, matchesEtag, type DataVersion } from '../../src/lib/server/indicators/live';
import {
	DEFAULT_WARNING_RULES,
	defaultSettings,
	settingsInputSchema
} from '../../src/lib/server/indicators/settings';

const message = (input: unknown) => {
	const r = settingsInputSchema.safeParse(input);
	return r.success ? null : zodMessage(r.error);
};
const good = { weights: DEFAULT_KPI_WEIGHTS, rules: DEFAULT_WARNING_RULES };

describe('settings schema', () => {
	it('accepts the defaults and fills in what may be left out', () => {
		const parsed = settingsInputSchema.parse(good);
		expect(parsed.rules.every((r) => r.enabled)).toBe(true);
		expect(parsed.rules).toEqual(defaultSettings().rules);
		expect(message({ ...good, weights: { ...DEFAULT_KPI_WEIGHTS, closureRate: 0 } })).toBeNull();
		expect(message({ ...good, rules: [] })).toBeNull();
	});

	it('checks weights: every indicator, non-negative, a positive sum', () => {
		const zero = Object.fromEntries(KPI_NAMES.map((k) => [k, 0]));
		expect(message({ ...good, weights: zero })).toBe(
			'weights: the weights must add up to more than 0'
		);
		expect(message({ ...good, weights: { ...zero, filingRate: 0.001 } })).toBeNull();
		expect(message({ ...good, weights: { ...DEFAULT_KPI_WEIGHTS, onTimeRate: -0.1 } })).toMatch(
			/^weights\.onTimeRate: /
		);
		expect(message({ ...good, weights: { ...DEFAULT_KPI_WEIGHTS, onTimeRate: 1001 } })).toMatch(
			/^weights\.onTimeRate: /
		);
	});

	it('checks each rule at its limits, by field', () => {
		const base = DEFAULT_WARNING_RULES[3]!;
		const surge = DEFAULT_WARNING_RULES[2]!;
		const overdue = DEFAULT_WARNING_RULES[1]!;
		const one = (rule: unknown) => message({ ...good, rules: [rule] });
		expect(one({ ...base, baseline: 1 })).toBeNull();
		expect(one({ ...base, baseline: 0 })).toBeNull();
		expect(one({ ...base, baseline: 1.0001 })).toMatch(/^rules\.0\.baseline: /);
		expect(one({ ...base, minDenominator: 1.5 })).toMatch(/^rules\.0\.minDenominator: /);
		expect(one({ ...surge, increase: 100 })).toBeNull();
		expect(one({ ...surge, increase: 100.5 })).toMatch(/^rules\.0\.increase: /);
		expect(one({ ...surge, minVolume: 0 })).toMatch(/^rules\.0\.minVolume: /);
		expect(one({ ...overdue, graceHours: 720 })).toBeNull();
		expect(one({ ...overdue, graceHours: 721 })).toMatch(/^rules\.0\.graceHours: /);
		expect(one({ ...overdue, thresholds: { blue: 3, yellow: 3, red: 3 } })).toBeNull();
		expect(one({ ...overdue, thresholds: { blue: 3, yellow: 2, red: 3 } })).toBe(
			'rules.0.thresholds: expected blue ≤ yellow ≤ red'
		);
		expect(one({ ...base, enabled: 'yes' })).toMatch(/^rules\.0\.enabled: /);
		expect(one({ ...base, kind: 'gut-feeling' })).toMatch(/^rules\.0\.kind: /);
		expect(one({ ...base, id: 'Bad Id' })).toMatch(/^rules\.0\.id: /);
		expect(message({ ...good, rules: [base, { ...base }] })).toBe(
			'rules.1.id: rule ids must be unique: "ontime-baseline" is used twice'
		);
		expect(message({ ...good, version: -1 })).toMatch(/^version: /);
	});
});

describe('ETags of the live figures', () => {
	const v: DataVersion = { cases: '41', settings: 2, warnings: 'abc' };
	const leader: Actor = { role: 'leader', scope: 'all', userId: 7, username: 'l' };
	const url = new URL('http://x/api/indicators/summary?from=2026-11-01&to=2026-11-08');
	const now = new Date('2026-11-20T10:00:00+08:00');

	it('is stable for the same data, viewer and query, in any parameter order', () => {
		const tag = etagFor(v, leader, url, now);
		expect(tag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
		expect(etagFor({ ...v }, { ...leader, userId: 8 }, url, now)).toBe(tag);
		const swapped = new URL('http://x/api/indicators/summary?to=2026-11-08&from=2026-11-01');
		expect(etagFor(v, leader, swapped, now)).toBe(tag);
	});

	it('changes with a case, the settings, the warnings, the scope, the query and the day', () => {
		const tag = etagFor(v, leader, url, now);
		const others = [
			etagFor({ ...v, cases: '42' }, leader, url, now),
			etagFor({ ...v, settings: 3 }, leader, url, now),
			etagFor({ ...v, warnings: 'abd' }, leader, url, now),
			etagFor(v, { ...leader, scope: ['370102001000'] }, url, now),
			etagFor(v, { ...leader, role: 'planner' }, url, now),
			etagFor(v, leader, new URL(`${url.href}&level=community`), now),
			etagFor(v, leader, url, new Date('2026-11-21T00:00:00+08:00'))
		];
		expect(new Set([tag, ...others]).size).toBe(others.length + 1);
		// Midnight China time, not UTC, moves the day.
		expect(etagFor(v, leader, url, new Date('2026-11-20T23:59:59+08:00'))).toBe(tag);
	});

	it('matches If-None-Match weakly, in lists and with *', () => {
		const tag = 'W/"abc"';
		expect(matchesEtag(null, tag)).toBe(false);
		expect(matchesEtag('W/"abc"', tag)).toBe(true);
		expect(matchesEtag('"abc"', tag)).toBe(true);
		expect(matchesEtag('"x", W/"abc"', tag)).toBe(true);
		expect(matchesEtag('*', tag)).toBe(true);
		expect(matchesEtag('W/"abd"', tag)).toBe(false);
		expect(matchesEtag('', tag)).toBe(false);
	});
});
