/**
 * The operations map's query parameters, parsed in ONE place (the map API contract): the server
 * validates tiles, layers and search with it, the client keeps its URL state with it. Pure: no I/O.
 *
 * Filters: from, to (YYYY-MM-DD, inclusive, on reported_at), status, category (a major code
 * includes its subcategories), subdistrict (12-digit codes), urgency. Plus the shapes of bbox,
 * heat cell size and z/x/y tile addresses. Every failure names the parameter and says why.
 */
import { CASE_STATES, type CaseState } from '../domain/cases';
import { CATEGORIES, CATEGORY_MAJORS } from '../domain/categories';

export const URGENCY_FILTERS = ['none', 'blue', 'yellow', 'red', 'overdue'] as const;
export type UrgencyFilter = (typeof URGENCY_FILTERS)[number];

/** Default status filter: every state but merged (a merged case lives on in its target). */
export const DEFAULT_STATUSES: readonly CaseState[] = CASE_STATES.filter((s) => s !== 'merged');
/** Default time window: the last 30 days up to today (inclusive). */
export const DEFAULT_WINDOW_DAYS = 30;
/** The longest window a filter may ask for. */
export const MAX_WINDOW_DAYS = 366;
/** Largest bbox side in degrees: a city, never a continent (the client clamps to the district). */
export const MAX_BBOX_SPAN_DEG = 5;
export const MIN_HEAT_CELL_M = 50;
export const MAX_HEAT_CELL_M = 5000;
export const MAX_TILE_ZOOM = 22;
/** From this zoom on, tiles carry one point per case; below it, aggregated bins. */
export const POINT_ZOOM = 14;
/** Longest list a comma filter may hold (there are ~100 categories; more is a mistake or abuse). */
const MAX_LIST = 200;

export interface MapFilters {
	/** YYYY-MM-DD, inclusive. */
	from: string;
	/** YYYY-MM-DD, inclusive. */
	to: string;
	/** Case states, sorted in workflow order. */
	status: CaseState[];
	/** Category codes as given (majors and/or subcategories), sorted; empty = all. */
	category: string[];
	/** 12-digit subdistrict codes, sorted; empty = the actor's whole scope. */
	subdistrict: string[];
	/** Urgency tiers, in {@link URGENCY_FILTERS} order; empty = all. */
	urgency: UrgencyFilter[];
}

/** [west, south, east, north] in degrees (WGS 84). */
export type BBox = [number, number, number, number];

export interface TileAddress {
	z: number;
	x: number;
	y: number;
}

/** A parse failure: which parameter, and why (the server answers 400 with {@link message}). */
export class FilterError extends Error {
	readonly param: string;
	constructor(param: string, reason: string) {
		super(`Invalid query parameter "${param}": ${reason}`);
		this.name = 'FilterError';
		this.param = param;
	}
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: FilterError };

/** Anything with `get(name)`: URLSearchParams, or a plain record wrapper. */
export interface ParamSource {
	get(name: string): string | null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SUBDISTRICT_RE = /^\d{12}$/;
const DAY_MS = 86_400_000;

/** Category codes the filter accepts: every major and subcategory of the taxonomy. */
const KNOWN_CATEGORIES: ReadonlySet<string> = new Set([
	...CATEGORY_MAJORS.map((m) => m.code),
	...CATEGORIES.map((c) => c.code)
]);

function dateMs(param: string, value: string): number {
	const m = DATE_RE.exec(value);
	if (!m) throw new FilterError(param, `"${value}" is not a date (YYYY-MM-DD)`);
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const ms = Date.UTC(y, mo - 1, d);
	const back = new Date(ms);
	if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
		throw new FilterError(param, `"${value}" is not a calendar date`);
	}
	if (y < 2000 || y > 2100) throw new FilterError(param, `"${value}" is out of range (2000–2100)`);
	return ms;
}

function isoDay(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** A comma list: trimmed, no empties, no duplicates; null when the parameter is absent. */
function list(param: string, raw: string | null): string[] | null {
	if (raw === null) return null;
	const items = raw.split(',').map((s) => s.trim());
	if (items.some((s) => s === '')) {
		throw new FilterError(param, 'empty value in the comma-separated list');
	}
	if (items.length > MAX_LIST) throw new FilterError(param, `more than ${MAX_LIST} values`);
	return [...new Set(items)];
}

function enumList<T extends string>(
	param: string,
	raw: string | null,
	allowed: readonly T[]
): T[] | null {
	const items = list(param, raw);
	if (items === null) return null;
	const bad = items.find((s) => !(allowed as readonly string[]).includes(s));
	if (bad !== undefined) {
		throw new FilterError(param, `unknown value "${bad}" (allowed: ${allowed.join(', ')})`);
	}
	// why: one order, so the same filter always normalises to the same text (URL state, ETag).
	return allowed.filter((a) => items.includes(a));
}

/**
 * The map filters from query parameters. Absent parameters take their defaults.
 * @param params the query (URLSearchParams or anything with get())
 * @param today today's date (YYYY-MM-DD) for the default window
 * @returns the filters, or the first error (naming the parameter)
 * @example parseFilters(new URLSearchParams('status=closed'), '2026-11-20').ok // true
 */
export function parseFilters(params: ParamSource, today: string): Parsed<MapFilters> {
	try {
		const todayMs = dateMs('today', today);
		const fromRaw = params.get('from');
		const toRaw = params.get('to');
		const toMs = toRaw === null ? todayMs : dateMs('to', toRaw);
		const fromMs =
			fromRaw === null ? toMs - (DEFAULT_WINDOW_DAYS - 1) * DAY_MS : dateMs('from', fromRaw);
		if (fromMs > toMs) throw new FilterError('from', `${isoDay(fromMs)} is after to`);
		if ((toMs - fromMs) / DAY_MS + 1 > MAX_WINDOW_DAYS) {
			throw new FilterError('from', `the window is longer than ${MAX_WINDOW_DAYS} days`);
		}
		const status = enumList('status', params.get('status'), CASE_STATES) ?? [...DEFAULT_STATUSES];
		if (status.length === 0) throw new FilterError('status', 'no state given');
		const category = list('category', params.get('category')) ?? [];
		const unknown = category.find((c) => !KNOWN_CATEGORIES.has(c));
		if (unknown !== undefined) {
			throw new FilterError('category', `unknown category code "${unknown}"`);
		}
		const subdistrict = list('subdistrict', params.get('subdistrict')) ?? [];
		const badSub = subdistrict.find((c) => !SUBDISTRICT_RE.test(c));
		if (badSub !== undefined) {
			throw new FilterError('subdistrict', `"${badSub}" is not a 12-digit subdistrict code`);
		}
		const urgency = enumList('urgency', params.get('urgency'), URGENCY_FILTERS) ?? [];
		return {
			ok: true,
			value: {
				from: isoDay(fromMs),
				to: isoDay(toMs),
				status,
				category: category.sort(),
				subdistrict: subdistrict.sort(),
				urgency
			}
		};
	} catch (e) {
		if (e instanceof FilterError) return { ok: false, error: e };
		throw e;
	}
}

/**
 * The filters as query parameters in one canonical form (sorted, defaults left out), for the
 * client's URL state and the server's cache keys.
 * @param f parsed filters
 * @param today today's date: a window equal to the default one is left out
 */
export function filtersToParams(f: MapFilters, today: string): URLSearchParams {
	const p = new URLSearchParams();
	const defaultFrom = isoDay(dateMs('today', today) - (DEFAULT_WINDOW_DAYS - 1) * DAY_MS);
	if (!(f.from === defaultFrom && f.to === today)) {
		p.set('from', f.from);
		p.set('to', f.to);
	}
	const isDefaultStatus =
		f.status.length === DEFAULT_STATUSES.length &&
		DEFAULT_STATUSES.every((s) => f.status.includes(s));
	if (!isDefaultStatus) p.set('status', CASE_STATES.filter((s) => f.status.includes(s)).join(','));
	if (f.category.length) p.set('category', [...f.category].sort().join(','));
	if (f.subdistrict.length) p.set('subdistrict', [...f.subdistrict].sort().join(','));
	if (f.urgency.length) {
		p.set('urgency', URGENCY_FILTERS.filter((u) => f.urgency.includes(u)).join(','));
	}
	return p;
}

/**
 * The subcategory codes a category filter selects: a major code (3 digits) stands for all its
 * subcategories. Empty in, empty out (= no category restriction).
 * @example expandCategories(['205']) // ['20501', '20502', …]
 */
export function expandCategories(codes: readonly string[]): string[] {
	const out = new Set<string>();
	for (const code of codes) {
		if (code.length === 3) {
			for (const c of CATEGORIES) if (c.code.startsWith(code)) out.add(c.code);
			// why: a major with no known subcategory still selects cases filed under it directly.
			out.add(code);
		} else out.add(code);
	}
	return [...out].sort();
}

function finite(param: string, raw: string): number {
	if (!/^-?\d+(\.\d+)?$/.test(raw.trim())) throw new FilterError(param, `"${raw}" is not a number`);
	return Number(raw);
}

/**
 * A bbox "w,s,e,n" in degrees: four finite numbers, in range, not inverted, not empty, and at
 * most {@link MAX_BBOX_SPAN_DEG} on each side.
 * @example parseBBox('117,36.6,117.1,36.7') // { ok: true, value: [117, 36.6, 117.1, 36.7] }
 */
export function parseBBox(raw: string | null, param = 'bbox'): Parsed<BBox> {
	try {
		if (raw === null || raw.trim() === '') throw new FilterError(param, 'required (w,s,e,n)');
		const parts = raw.split(',');
		if (parts.length !== 4) throw new FilterError(param, 'expected four numbers w,s,e,n');
		const [w, s, e, n] = parts.map((p) => finite(param, p)) as BBox;
		if (w < -180 || e > 180 || w > 180 || e < -180) {
			throw new FilterError(param, 'longitude out of range (-180..180)');
		}
		if (s < -85.06 || n > 85.06 || s > 85.06 || n < -85.06) {
			throw new FilterError(param, 'latitude out of range (-85.06..85.06)');
		}
		if (w >= e) throw new FilterError(param, 'west must be less than east (inverted or empty)');
		if (s >= n) throw new FilterError(param, 'south must be less than north (inverted or empty)');
		if (e - w > MAX_BBOX_SPAN_DEG || n - s > MAX_BBOX_SPAN_DEG) {
			throw new FilterError(param, `larger than ${MAX_BBOX_SPAN_DEG}° on a side`);
		}
		return { ok: true, value: [w, s, e, n] };
	} catch (err) {
		if (err instanceof FilterError) return { ok: false, error: err };
		throw err;
	}
}

/** The heat layer's cell size in metres: an integer in 50..5000. */
export function parseCell(raw: string | null, param = 'cell'): Parsed<number> {
	if (raw === null || !/^\d{1,6}$/.test(raw)) {
		return { ok: false, error: new FilterError(param, 'expected whole metres (50..5000)') };
	}
	const v = Number(raw);
	if (v < MIN_HEAT_CELL_M || v > MAX_HEAT_CELL_M) {
		return {
			ok: false,
			error: new FilterError(param, `${v} is out of range (${MIN_HEAT_CELL_M}..${MAX_HEAT_CELL_M})`)
		};
	}
	return { ok: true, value: v };
}

/**
 * A tile address from path segments: z in 0..22, x and y in 0..2^z-1, plain decimal integers.
 * @example parseTile('14', '13700', '6400').ok // true
 */
export function parseTile(z: string, x: string, y: string): Parsed<TileAddress> {
	const int = (param: string, raw: string, max: number): number => {
		if (!/^\d{1,7}$/.test(raw)) throw new FilterError(param, `"${raw}" is not a whole number`);
		const v = Number(raw);
		if (v > max) throw new FilterError(param, `${v} is out of range (0..${max})`);
		return v;
	};
	try {
		const zv = int('z', z, MAX_TILE_ZOOM);
		const max = 2 ** zv - 1;
		return { ok: true, value: { z: zv, x: int('x', x, max), y: int('y', y, max) } };
	} catch (e) {
		if (e instanceof FilterError) return { ok: false, error: e };
		throw e;
	}
}

/** Web Mercator half-width in metres (EPSG:3857). */
export const MERCATOR_MAX = 20037508.342789244;

/** A tile's extent in Web Mercator metres: [xmin, ymin, xmax, ymax]. */
export function tileMercator(t: TileAddress): [number, number, number, number] {
	const size = (2 * MERCATOR_MAX) / 2 ** t.z;
	const xmin = -MERCATOR_MAX + t.x * size;
	const ymax = MERCATOR_MAX - t.y * size;
	return [xmin, ymax - size, xmin + size, ymax];
}

/** Web Mercator metres → [lon, lat] degrees. */
export function mercatorToLonLat(x: number, y: number): [number, number] {
	const lon = (x / MERCATOR_MAX) * 180;
	const lat = (Math.atan(Math.exp(y / 6378137)) * 2 - Math.PI / 2) * (180 / Math.PI);
	return [lon, lat];
}

/**
 * A tile's bounds in degrees, grown by `buffer` tile units out of `extent` on every side (the
 * MVT buffer), for the spatial-index filter.
 */
export function tileBBox(t: TileAddress, buffer = 0, extent = 4096): BBox {
	const [xmin, ymin, xmax, ymax] = tileMercator(t);
	const pad = ((xmax - xmin) * buffer) / extent;
	const [w, s] = mercatorToLonLat(Math.max(-MERCATOR_MAX, xmin - pad), ymin - pad);
	const [e, n] = mercatorToLonLat(Math.min(MERCATOR_MAX, xmax + pad), ymax + pad);
	return [w, Math.max(-85.06, s), e, Math.min(85.06, n)];
}
