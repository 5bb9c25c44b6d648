/**
 * The leaders' pure helpers: query parameters (400 naming the parameter), CSV (BOM, quoting,
 * formula injection), choropleth classes and colours, rankings, change formatting, the default
 * warning rules' validity.
 */
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/lib/server/auth/users';
import { toCsv } from '../../src/lib/server/indicators/csv';
import {
	chinaDate,
	defaultPeriod,
	parseArea,
	parseDate,
	parseFormat,
	parseLevel,
	parsePeriod
} from '../../src/lib/server/indicators/params';
import {
	DEFAULT_WARNING_RULES,
	warningRulesSchema
} from '../../src/lib/server/indicators/settings';
import {
	breaks,
	colourOf,
	fillExpression,
	formatChange,
	formatValue,
	NO_DATA,
	RAMP,
	rank,
	trend,
	warnedAreas
} from '../../src/lib/leader/format';
import type { AreaIndicators, WarningItem } from '../../src/lib/leader/types';

const q = (s: string) => new URLSearchParams(s);
const message = (fn: () => unknown) => {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(UserInputError);
		return (e as UserInputError).message;
	}
	throw new Error('did not throw');
};

describe('query parameters', () => {
	it('reads a period in China time with the previous one of the same length', () => {
		const p = parsePeriod(q('from=2026-11-01&to=2026-11-08'));
		expect(p.start.toISOString()).toBe('2026-10-31T16:00:00.000Z');
		expect(p.end.toISOString()).toBe('2026-11-07T16:00:00.000Z');
		expect(p.previousStart.toISOString()).toBe('2026-10-24T16:00:00.000Z');
		expect(p.days).toBe(7);
		expect(parsePeriod(q('from=2025-01-01&to=2026-01-02')).days).toBe(366);
	});

	it('refuses bad periods with a message naming the parameter', () => {
		expect(message(() => parsePeriod(q('to=2026-11-08')))).toMatch(/"from"/);
		expect(message(() => parsePeriod(q('from=2026-11-01')))).toMatch(/"to"/);
		expect(message(() => parsePeriod(q('from=2026-02-30&to=2026-03-08')))).toMatch(/"from"/);
		expect(message(() => parsePeriod(q('from=2026/11/01&to=2026-11-08')))).toMatch(/"from"/);
		expect(message(() => parsePeriod(q('from=2026-11-08&to=2026-11-08')))).toMatch(/"to"/);
		expect(message(() => parsePeriod(q('from=2025-01-01&to=2026-01-03')))).toMatch(/366/);
		expect(message(() => parseLevel(q('level=grid')))).toMatch(/"level"/);
		expect(message(() => parseArea(q('area=1234')))).toMatch(/"area"/);
		expect(message(() => parseFormat(q('format=xlsx')))).toMatch(/"format"/);
		expect(parseLevel(q(''))).toBe('subdistrict');
	});

	it('formats dates in China time and defaults to the last four weeks', () => {
		expect(chinaDate(new Date('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
		expect(parseDate('2026-11-24', 'x').toISOString()).toBe('2026-11-23T16:00:00.000Z');
		expect(defaultPeriod(new Date('2026-11-23T10:00:00Z'))).toEqual({
			from: '2026-10-27',
			to: '2026-11-24'
		});
	});
});

describe('CSV', () => {
	it('writes a BOM, CRLF, quotes what needs it and defuses formulas', () => {
		expect(toCsv(['a', 'b'], [[1, '街道']])).toBe('\uFEFFa,b\r\n1,街道\r\n');
		expect(toCsv(['x'], [['a,b'], ['say "hi"'], ['=SUM(A1)'], [null], [NaN]])).toBe(
			'\uFEFFx\r\n"a,b"\r\n"say ""hi"""\r\n\'=SUM(A1)\r\n\r\n\r\n'
		);
	});
});

describe('warning rules', () => {
	it('ships valid defaults and refuses bad rules', () => {
		expect(warningRulesSchema.parse(DEFAULT_WARNING_RULES)).toHaveLength(
			DEFAULT_WARNING_RULES.length
		);
		expect(() =>
			warningRulesSchema.parse([
				{ id: 'x1', kind: 'surge', tier: 'yellow', increase: -1, minVolume: 1 }
			])
		).toThrow();
		expect(() =>
			warningRulesSchema.parse([
				{ id: 'o', kind: 'overdue', graceHours: 0, thresholds: { blue: 5, yellow: 2, red: 9 } }
			])
		).toThrow();
		expect(() =>
			warningRulesSchema.parse([
				{ id: 'aa', kind: 'safety', tier: 'red' },
				{ id: 'aa', kind: 'safety', tier: 'red' }
			])
		).toThrow(/unique/);
	});
});

const row = (code: string, score: number | null, prev: number | null = null) =>
	({
		code,
		name: code,
		nameEn: null,
		score,
		previous: { score: prev }
	}) as unknown as AreaIndicators;

describe('choropleth and ranking', () => {
	it('classes values in equal intervals and colours the better end deep blue', () => {
		expect(breaks([0, 1, 2, 3, 4, 5])).toEqual([0, 1, 2, 3, 4, 5]);
		expect(breaks([null, null])).toEqual([]);
		expect(breaks([3, 3])).toEqual([3, 3]);
		const br = breaks([0, 5]);
		expect(colourOf(5, br, true)).toBe(RAMP[4]);
		expect(colourOf(0, br, true)).toBe(RAMP[0]);
		expect(colourOf(5, br, false)).toBe(RAMP[0]);
		expect(colourOf(null, br, true)).toBe(NO_DATA);
		expect(fillExpression([row('a', 1), row('b', null)], 'score')).toEqual([
			'match',
			['get', 'code'],
			'a',
			RAMP[4],
			'b',
			NO_DATA,
			NO_DATA
		]);
	});

	it('ranks best first, no data last, and reads the change the right way round', () => {
		const rows = [row('a', 80, 90), row('b', null), row('c', 95, 90)];
		expect(rank(rows, 'score').map((r) => r.code)).toEqual(['c', 'a', 'b']);
		expect(formatValue('onTimeRate', 0.8125)).toBe('81.3%');
		expect(formatValue('onTimeRate', null)).toBe('—');
		expect(formatChange('onTimeRate', 0.8, 0.75)).toBe('+5.0 pp');
		expect(formatChange('score', 80, 90)).toBe('−10.0');
		expect(trend('reworkRate', 0.02, 0.01)).toBe('down');
		expect(trend('onTimeRate', 0.9, 0.8)).toBe('up');
		expect(trend('onTimeRate', null, 0.8)).toBeNull();
	});

	it('outlines each warned area in its worst live tier', () => {
		const w = (areaCode: string, tier: WarningItem['tier'], state: WarningItem['state'] = 'open') =>
			({ areaCode, tier, state }) as WarningItem;
		expect(
			warnedAreas([w('a', 'blue'), w('a', 'red'), w('b', 'yellow'), w('c', 'red', 'cleared')])
		).toEqual([
			['a', 'red'],
			['b', 'yellow']
		]);
	});
});
