/**
 * The operations map's view (layers, metric, filters, camera) and its URL form, so a view can be
 * shared or bookmarked. Pure. Decoding is lenient: a value the page cannot use (a stale link, a
 * typo) is dropped and its default used, never an error; the server validates what it is sent.
 * The filter parameters have the names and forms of the map API's (src/lib/map/filters.ts), so
 * the same query string serves the page URL and the tile and layer requests.
 */
import { CASE_STATES, type CaseState } from '$lib/domain/cases';
import { CATEGORIES, CATEGORY_MAJORS } from '$lib/domain/categories';
import { parseFilters, URGENCY_FILTERS, type UrgencyFilter } from '$lib/map/filters';

/** Every layer that can be toggled, in legend order. */
export const LAYER_IDS = [
	'sensors',
	'service',
	'incidents',
	'grid',
	'labels',
	'district',
	'subdistrict',
	'community',
	'basemap'
] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/** Shown when the URL does not say. */
export const DEFAULT_LAYERS: readonly LayerId[] = [
	'sensors',
	'service',
	'incidents',
	'labels',
	'district',
	'subdistrict',
	'community',
	'basemap'
];

export const METRICS = ['residents', 'age60Share', 'incidentsPer1000', 'openIncidents'] as const;
export type Metric = (typeof METRICS)[number];

export const COLOUR_BY = ['status', 'category'] as const;
export type ColourBy = (typeof COLOUR_BY)[number];

export const INCIDENT_MODES = ['points', 'heat'] as const;
export type IncidentMode = (typeof INCIDENT_MODES)[number];

export const URGENCIES = URGENCY_FILTERS;
export type Urgency = UrgencyFilter;

/** Coverage ring radii offered (metres); 0 = no rings. */
export const COVERAGE_RADII = [0, 300, 500, 1000, 1500] as const;

/** The filters shared by every incident layer; empty lists and absent dates mean the default. */
export interface Filters {
	from?: string;
	to?: string;
	status: CaseState[];
	category: string[];
	subdistrict: string[];
	urgency: Urgency[];
}

export interface Camera {
	lon: number;
	lat: number;
	zoom: number;
}

export interface OpsView {
	layers: LayerId[];
	metric: Metric;
	colourBy: ColourBy;
	mode: IncidentMode;
	/** Coverage ring radius around service points in metres; 0 = off. */
	coverage: number;
	filters: Filters;
	/** Null: fit the district. */
	camera: Camera | null;
}

export function defaultView(): OpsView {
	return {
		layers: [...DEFAULT_LAYERS],
		metric: 'incidentsPer1000',
		colourBy: 'status',
		mode: 'points',
		coverage: 0,
		filters: { status: [], category: [], subdistrict: [], urgency: [] },
		camera: null
	};
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SUBDISTRICT = /^\d{12}$/;
const CATEGORY_CODES: ReadonlySet<string> = new Set([
	...CATEGORY_MAJORS.map((c) => c.code),
	...CATEGORIES.map((c) => c.code)
]);

/** Today in Shanghai (the product's clock), YYYY-MM-DD. */
export function shanghaiDate(at: Date): string {
	return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function isDate(s: string): boolean {
	if (!DATE.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A comma list's members that pass `ok`, deduplicated, in `order` when given (else as written). */
function list<T extends string>(
	raw: string | null,
	ok: (s: string) => s is T,
	order?: readonly T[]
): T[] {
	if (!raw) return [];
	const seen = new Set<T>();
	for (const s of raw.split(',')) {
		const t = s.trim();
		if (ok(t)) seen.add(t);
	}
	const out = [...seen];
	return order ? order.filter((o) => seen.has(o)) : out.sort();
}

const oneOf =
	<T extends string>(values: readonly T[]) =>
	(s: string): s is T =>
		(values as readonly string[]).includes(s);
const matches =
	(re: RegExp) =>
	(s: string): s is string =>
		re.test(s);

/** Rounds the camera to what the URL keeps (about a metre, a hundredth of a zoom level). */
export function roundCamera(c: Camera): Camera {
	return {
		lon: Math.round(c.lon * 1e5) / 1e5,
		lat: Math.round(c.lat * 1e5) / 1e5,
		zoom: Math.round(c.zoom * 100) / 100
	};
}

/**
 * The filters as query parameters (only those that differ from the default), for the page URL
 * and for the map API.
 */
export function filterParams(f: Filters, into = new URLSearchParams()): URLSearchParams {
	if (f.from) into.set('from', f.from);
	if (f.to) into.set('to', f.to);
	if (f.status.length) into.set('status', f.status.join(','));
	if (f.category.length) into.set('category', f.category.join(','));
	if (f.subdistrict.length) into.set('subdistrict', f.subdistrict.join(','));
	if (f.urgency.length) into.set('urgency', f.urgency.join(','));
	return into;
}

/** The filters the grid layer takes (its counts are over a window, by subdistrict), as a query. */
export function gridQuery(f: Filters): string {
	return filterParams({ ...f, status: [], category: [], urgency: [] })
		.toString()
		.replace(/%2C/g, ',');
}

/**
 * Reads the filters from query parameters, dropping what is not valid. A time window the map API
 * would refuse (longer than it allows, inverted) is dropped whole rather than guessed at.
 * @param now for the API's default window (`to` defaults to today)
 */
export function decodeFilters(p: URLSearchParams, now = new Date()): Filters {
	const from = p.get('from') ?? '';
	const to = p.get('to') ?? '';
	const f: Filters = {
		status: list(p.get('status'), oneOf(CASE_STATES), CASE_STATES),
		category: list(p.get('category'), (s): s is string => CATEGORY_CODES.has(s)),
		subdistrict: list(p.get('subdistrict'), matches(SUBDISTRICT)),
		urgency: list(p.get('urgency'), oneOf(URGENCIES), URGENCIES)
	};
	if (isDate(from)) f.from = from;
	if (isDate(to)) f.to = to;
	// The one filter parser (shared with the server) has the last word on the window.
	if ((f.from || f.to) && !parseFilters(filterParams(f), shanghaiDate(now)).ok) {
		delete f.from;
		delete f.to;
	}
	return f;
}

/**
 * The view as a query string (without '?'); defaults are left out, so the plain map is '/'.
 * @example encodeView(defaultView()) // ''
 */
export function encodeView(v: OpsView): string {
	const d = defaultView();
	const p = new URLSearchParams();
	const layers = LAYER_IDS.filter((l) => v.layers.includes(l));
	if (layers.join(',') !== LAYER_IDS.filter((l) => d.layers.includes(l)).join(',')) {
		p.set('layers', layers.length ? layers.join(',') : '-');
	}
	if (v.metric !== d.metric) p.set('metric', v.metric);
	if (v.colourBy !== d.colourBy) p.set('colour', v.colourBy);
	if (v.mode !== d.mode) p.set('mode', v.mode);
	if (v.coverage !== d.coverage) p.set('coverage', String(v.coverage));
	filterParams(v.filters, p);
	if (v.camera) {
		const c = roundCamera(v.camera);
		p.set('at', `${c.lon},${c.lat},${c.zoom}`);
	}
	// Commas are safe in a query string; keep them readable.
	return p.toString().replace(/%2C/g, ',');
}

/**
 * Reads a view from a query string (with or without '?'), dropping what is not valid.
 * @param now for the filters' default window (see {@link decodeFilters})
 */
export function decodeView(search: string | URLSearchParams, now = new Date()): OpsView {
	const p = typeof search === 'string' ? new URLSearchParams(search) : search;
	const v = defaultView();
	const layers = p.get('layers');
	if (layers !== null) v.layers = list(layers, oneOf(LAYER_IDS), LAYER_IDS);
	const metric = p.get('metric') ?? '';
	if (oneOf(METRICS)(metric)) v.metric = metric;
	const colour = p.get('colour') ?? '';
	if (oneOf(COLOUR_BY)(colour)) v.colourBy = colour;
	const mode = p.get('mode') ?? '';
	if (oneOf(INCIDENT_MODES)(mode)) v.mode = mode;
	const coverage = Number(p.get('coverage'));
	if ((COVERAGE_RADII as readonly number[]).includes(coverage)) v.coverage = coverage;
	v.filters = decodeFilters(p, now);
	const at = (p.get('at') ?? '').split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
	if (at.length === 3) {
		const [lon, lat, zoom] = at as [number, number, number];
		if (
			Number.isFinite(lon) &&
			Number.isFinite(lat) &&
			Number.isFinite(zoom) &&
			Math.abs(lon) <= 180 &&
			Math.abs(lat) <= 85 &&
			zoom >= 0 &&
			zoom <= 22
		) {
			v.camera = roundCamera({ lon, lat, zoom });
		}
	}
	return v;
}
