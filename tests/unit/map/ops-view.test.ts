import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	COLOUR_BY,
	COVERAGE_RADII,
	decodeView,
	defaultView,
	encodeView,
	filterParams,
	gridQuery,
	INCIDENT_MODES,
	LAYER_IDS,
	METRICS,
	URGENCIES,
	type OpsView
} from '$lib/ops/view';
import { CASE_STATES } from '$lib/domain/cases';
import { CATEGORIES, CATEGORY_MAJORS } from '$lib/domain/categories';
import { parseFilters } from '$lib/map/filters';

const NOW = new Date('2026-11-20T02:00:00Z');
const CODES = [...CATEGORY_MAJORS.map((c) => c.code), ...CATEGORIES.map((c) => c.code)];

/** A subset of `all`, in `all`'s order. */
const subset = <T>(all: readonly T[]) =>
	fc.subarray([...all]).map((s) => all.filter((a) => s.includes(a)));

const DAY = 86_400_000;
/** A window the map API accepts: at most 366 days. */
const dateWindow = fc
	.tuple(
		fc.integer({ min: Date.UTC(2020, 0, 1) / DAY, max: Date.UTC(2030, 11, 31) / DAY }),
		fc.integer({ min: 0, max: 365 })
	)
	.map(([start, days]) => [
		new Date(start * DAY).toISOString().slice(0, 10),
		new Date((start + days) * DAY).toISOString().slice(0, 10)
	]);

const view: fc.Arbitrary<OpsView> = fc.record({
	layers: subset(LAYER_IDS),
	metric: fc.constantFrom(...METRICS),
	colourBy: fc.constantFrom(...COLOUR_BY),
	mode: fc.constantFrom(...INCIDENT_MODES),
	coverage: fc.constantFrom(...COVERAGE_RADII),
	filters: fc
		.record({
			window: fc.option(dateWindow, { nil: undefined }),
			status: subset(CASE_STATES),
			category: fc.uniqueArray(fc.constantFrom(...CODES), { maxLength: 4 }).map((a) => a.sort()),
			subdistrict: fc
				.uniqueArray(fc.stringMatching(/^3701[0-9]{8}$/), { maxLength: 3 })
				.map((a) => a.sort()),
			urgency: subset(URGENCIES)
		})
		.map(({ window, ...rest }) => (window ? { ...rest, from: window[0], to: window[1] } : rest)),
	camera: fc.option(
		fc.record({
			lon: fc.integer({ min: -18_000_000, max: 18_000_000 }).map((n) => n / 1e5),
			lat: fc.integer({ min: -8_500_000, max: 8_500_000 }).map((n) => n / 1e5),
			zoom: fc.integer({ min: 0, max: 2200 }).map((n) => n / 100)
		}),
		{ nil: null }
	)
});

describe('the view in the URL', () => {
	it('leaves the default view out of the URL', () => {
		expect(encodeView(defaultView())).toBe('');
		expect(decodeView('')).toEqual(defaultView());
	});

	it('round-trips every view', () => {
		fc.assert(
			fc.property(view, (v) => {
				const encoded = encodeView(v);
				expect(decodeView(encoded, NOW)).toEqual(v);
				expect(decodeView(`?${encoded}`, NOW)).toEqual(v);
				// What the page sends, the map API's parser accepts.
				expect(parseFilters(new URLSearchParams(encoded), '2026-11-20').ok).toBe(true);
			}),
			{ numRuns: 500 }
		);
	});

	it('writes readable parameters', () => {
		const v = defaultView();
		v.layers = ['incidents', 'grid'];
		v.metric = 'openIncidents';
		v.filters.status = ['reported', 'closed'];
		v.filters.from = '2026-11-01';
		v.camera = { lon: 117.123456, lat: 36.654321, zoom: 14.567 };
		expect(encodeView(v)).toBe(
			'layers=incidents,grid&metric=openIncidents&from=2026-11-01&status=reported,closed&at=117.12346,36.65432,14.57'
		);
		const none = defaultView();
		none.layers = [];
		expect(encodeView(none)).toBe('layers=-');
		expect(decodeView(encodeView(none)).layers).toEqual([]);
	});

	it('drops what it cannot use instead of failing', () => {
		const v = decodeView(
			'layers=grid,bogus&metric=x&colour=y&mode=z&coverage=7&status=closed,nope&category=abc,101,10199' +
				'&subdistrict=12,370102001000&urgency=red,purple&from=2026-02-30&to=2026-13-01&at=1,2'
		);
		expect(v.layers).toEqual(['grid']);
		expect(v.metric).toBe(defaultView().metric);
		expect(v.colourBy).toBe('status');
		expect(v.mode).toBe('points');
		expect(v.coverage).toBe(0);
		expect(v.filters).toEqual({
			status: ['closed'],
			category: ['101'],
			subdistrict: ['370102001000'],
			urgency: ['red']
		});
		expect(v.camera).toBeNull();
		// An inverted window is dropped whole.
		expect(decodeView('from=2026-11-02&to=2026-11-01', NOW).filters.from).toBeUndefined();
		// Longer than the API allows: dropped; a lone start date runs to today.
		expect(decodeView('from=2024-01-01&to=2026-11-01', NOW).filters.to).toBeUndefined();
		expect(decodeView('from=2025-01-01', NOW).filters.from).toBeUndefined();
		expect(decodeView('from=2026-11-01', NOW).filters.from).toBe('2026-11-01');
		expect(decodeView('at=200,10,3').camera).toBeNull();
		expect(decodeView('at=NaN,10,3').camera).toBeNull();
		expect(decodeView('at=,,').camera).toBeNull();
	});

	it('sends only the filters to the API', () => {
		const p = filterParams({
			from: '2026-11-01',
			status: ['reported'],
			category: [],
			subdistrict: [],
			urgency: ['overdue']
		});
		expect(p.toString()).toBe('from=2026-11-01&status=reported&urgency=overdue');
		// The grid counts by window and subdistrict only.
		expect(
			gridQuery({
				from: '2026-11-01',
				status: ['reported'],
				category: ['101'],
				subdistrict: ['370102001000', '370102002000'],
				urgency: []
			})
		).toBe('from=2026-11-01&subdistrict=370102001000,370102002000');
	});
});
