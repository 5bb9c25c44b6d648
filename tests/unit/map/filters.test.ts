/**
 * The map's one filter module (src/lib/map/filters.ts): defaults, canonical form, and every bad
 * case naming its parameter.
 */
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_STATUSES,
	expandCategories,
	filtersToParams,
	MAX_BBOX_SPAN_DEG,
	parseBBox,
	parseCell,
	parseFilters,
	parseTile,
	tileBBox,
	tileMercator,
	type MapFilters
} from '../../../src/lib/map/filters';
import { CATEGORIES } from '../../../src/lib/domain/categories';

const TODAY = '2026-11-20';
const q = (s: string) => new URLSearchParams(s);

function ok(s: string): MapFilters {
	const r = parseFilters(q(s), TODAY);
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

function bad(s: string): { param: string; message: string } {
	const r = parseFilters(q(s), TODAY);
	if (r.ok) throw new Error(`expected ${s} to be refused`);
	return { param: r.error.param, message: r.error.message };
}

describe('parseFilters', () => {
	it('defaults: the last 30 days up to today, every state but merged, nothing else', () => {
		const f = ok('');
		expect(f).toEqual({
			from: '2026-10-22',
			to: TODAY,
			status: [...DEFAULT_STATUSES],
			category: [],
			subdistrict: [],
			urgency: []
		});
		expect(f.status).not.toContain('merged');
		expect(f.status).toHaveLength(11);
	});

	it('a lone `to` keeps a 30-day window ending there; a lone `from` runs to today', () => {
		expect(ok('to=2026-02-10')).toMatchObject({ from: '2026-01-12', to: '2026-02-10' });
		expect(ok('from=2026-11-01')).toMatchObject({ from: '2026-11-01', to: TODAY });
	});

	it('normalises lists: trimmed, deduplicated, in one order', () => {
		const f = ok(
			'status=closed, reported,closed&category=20101,101&subdistrict=370102002000,370102001000&urgency=overdue,blue'
		);
		expect(f.status).toEqual(['reported', 'closed']);
		expect(f.category).toEqual(['101', '20101']);
		expect(f.subdistrict).toEqual(['370102001000', '370102002000']);
		expect(f.urgency).toEqual(['blue', 'overdue']);
	});

	it('round-trips through the canonical query, defaults left out', () => {
		expect(filtersToParams(ok(''), TODAY).toString()).toBe('');
		const f = ok('from=2026-01-01&to=2026-03-31&status=merged,closed&category=205&urgency=red');
		const p = filtersToParams(f, TODAY);
		expect(p.toString()).toBe(
			'from=2026-01-01&to=2026-03-31&status=closed%2Cmerged&category=205&urgency=red'
		);
		expect(ok(p.toString())).toEqual(f);
	});

	it.each([
		['from=2026-13-01', 'from', 'not a calendar date'],
		['from=2026-02-30', 'from', 'not a calendar date'],
		['from=yesterday', 'from', 'not a date'],
		['to=2026-1-1', 'to', 'not a date'],
		['to=NaN', 'to', 'not a date'],
		['from=1999-12-31&to=2000-01-05', 'from', 'out of range'],
		['from=2026-11-10&to=2026-11-01', 'from', 'after to'],
		['from=2025-01-01&to=2026-11-20', 'from', 'longer than 366 days'],
		['status=open', 'status', 'unknown value "open"'],
		['status=closed,,filed', 'status', 'empty value'],
		['status=', 'status', 'empty value'],
		['category=999', 'category', 'unknown category code "999"'],
		['category=20199', 'category', 'unknown category code'],
		["category=20101'--", 'category', 'unknown category code'],
		['subdistrict=3701', 'subdistrict', 'not a 12-digit subdistrict code'],
		['subdistrict=370102001000,abc', 'subdistrict', '"abc"'],
		['urgency=green', 'urgency', 'unknown value "green"']
	])('%s → 400 naming %s', (s, param, why) => {
		const e = bad(s);
		expect(e.param).toBe(param);
		expect(e.message).toContain(`"${param}"`);
		expect(e.message).toContain(why);
	});

	it('refuses a list longer than 200 values', () => {
		const e = bad(
			`subdistrict=${Array.from({ length: 201 }, (_, i) => String(370102000000 + i)).join(',')}`
		);
		expect(e.param).toBe('subdistrict');
	});

	it('accepts a window of exactly 366 days', () => {
		expect(ok('from=2025-11-20&to=2026-11-20').from).toBe('2025-11-20');
	});
});

describe('expandCategories', () => {
	it('a major code stands for its subcategories (and itself); a subcategory for itself', () => {
		const subs = CATEGORIES.filter((c) => c.code.startsWith('205')).map((c) => c.code);
		expect(subs.length).toBeGreaterThan(0);
		expect(expandCategories(['205'])).toEqual(['205', ...subs].sort());
		expect(expandCategories(['20101'])).toEqual(['20101']);
		expect(expandCategories([])).toEqual([]);
	});
});

describe('parseBBox', () => {
	it('accepts a city-sized box', () => {
		expect(parseBBox('116.9,36.6,117.2,36.75')).toEqual({
			ok: true,
			value: [116.9, 36.6, 117.2, 36.75]
		});
	});
	it.each([
		[null, 'required'],
		['', 'required'],
		['1,2,3', 'four numbers'],
		['1,2,3,4,5', 'four numbers'],
		['NaN,36,117,37', 'not a number'],
		['117,36,Infinity,37', 'not a number'],
		['117,36,1e3,37', 'not a number'],
		['0x10,36,117,37', 'not a number'],
		['117,,117.1,36.7', 'not a number'],
		['-181,36,117,37', 'longitude out of range'],
		['117,36,181,37', 'longitude out of range'],
		['117,-86,117.1,37', 'latitude out of range'],
		['117,36,117.1,91', 'latitude out of range'],
		['117.2,36.6,117.1,36.7', 'inverted'],
		['117.1,36.7,117.2,36.6', 'inverted'],
		['117.1,36.6,117.1,36.7', 'inverted or empty'],
		['100,30,120,40', `larger than ${MAX_BBOX_SPAN_DEG}°`],
		['117,20,118,30', `larger than ${MAX_BBOX_SPAN_DEG}°`]
	])('%s → 400: %s', (raw, why) => {
		const r = parseBBox(raw);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error.param).toBe('bbox');
			expect(r.error.message).toContain(why);
		}
	});
});

describe('parseCell', () => {
	it('accepts whole metres in 50..5000', () => {
		expect(parseCell('50')).toEqual({ ok: true, value: 50 });
		expect(parseCell('5000')).toEqual({ ok: true, value: 5000 });
	});
	it.each([null, '', '49', '5001', '100.5', '-100', 'NaN', '1e3', '9999999'])(
		'%s → 400 naming cell',
		(raw) => {
			const r = parseCell(raw);
			expect(r.ok).toBe(false);
			if (!r.ok) expect(r.error.message).toContain('"cell"');
		}
	);
});

describe('parseTile and tile maths', () => {
	it('accepts z 0..22 with x, y inside the zoom level', () => {
		expect(parseTile('0', '0', '0')).toEqual({ ok: true, value: { z: 0, x: 0, y: 0 } });
		expect(parseTile('14', '13516', '6324')).toEqual({
			ok: true,
			value: { z: 14, x: 13516, y: 6324 }
		});
		expect(parseTile('22', String(2 ** 22 - 1), '0').ok).toBe(true);
	});
	it.each([
		['23', '0', '0', 'z', 'out of range'],
		['-1', '0', '0', 'z', 'not a whole number'],
		['1.5', '0', '0', 'z', 'not a whole number'],
		['abc', '0', '0', 'z', 'not a whole number'],
		['', '0', '0', 'z', 'not a whole number'],
		['10', '1024', '0', 'x', 'out of range (0..1023)'],
		['10', '0', '1024', 'y', 'out of range'],
		['10', 'NaN', '0', 'x', 'not a whole number'],
		['0', '1', '0', 'x', 'out of range (0..0)']
	])('%s/%s/%s → 400 naming %s', (z, x, y, param, why) => {
		const r = parseTile(z, x, y);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error.param).toBe(param);
			expect(r.error.message).toContain(why);
		}
	});
	it('computes tile bounds as ST_TileEnvelope does', () => {
		// PostGIS: ST_Transform(ST_TileEnvelope(10, 843, 401), 4326)
		const [w, s, e, n] = tileBBox({ z: 10, x: 843, y: 401 });
		expect(w).toBeCloseTo(116.3671875, 9);
		expect(e).toBeCloseTo(116.71875, 9);
		expect(s).toBeCloseTo(36.031331776331875, 9);
		expect(n).toBeCloseTo(36.31512514748051, 9);
		const [xmin, ymin, xmax, ymax] = tileMercator({ z: 0, x: 0, y: 0 });
		expect([xmin, ymin, xmax, ymax]).toEqual([
			-20037508.342789244, -20037508.342789244, 20037508.342789244, 20037508.342789244
		]);
		// A buffer grows the box on every side.
		const [bw, bs, be, bn] = tileBBox({ z: 10, x: 843, y: 401 }, 64);
		expect(bw).toBeLessThan(w);
		expect(bs).toBeLessThan(s);
		expect(be).toBeGreaterThan(e);
		expect(bn).toBeGreaterThan(n);
	});
});
