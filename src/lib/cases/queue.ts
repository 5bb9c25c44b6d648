/**
 * The queue page's state in the URL: filters and page, read leniently (an unknown value is
 * dropped, the API names bad ones) and written back in a fixed order, plus cursor and selection
 * helpers for the keyboard. Pure.
 */
import { TRANSITIONS, type CaseState } from '../domain/cases';
import { URGENCY_TIERS, type UrgencyTier } from '../domain/sla';

/** The filters the queue API takes, in URL order. */
export const FILTER_KEYS = ['state', 'category', 'department', 'subdistrict', 'urgency'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

/** Cases per page. */
export const PAGE_SIZE = 50;
/** How often the queue refreshes while the tab is visible. */
export const REFRESH_MS = 5000;
/** Most cases one bulk request may move (the API refuses more). */
export const BULK_LIMIT = 200;

/** The filters and page in a URL's query. */
export function readQuery(params: URLSearchParams): { filters: Filters; page: number } {
	const filters: Filters = {};
	for (const k of FILTER_KEYS) {
		const v = params.get(k)?.trim();
		if (v) filters[k] = v;
	}
	const page = Number(params.get('page') ?? '1');
	return { filters, page: Number.isInteger(page) && page >= 1 ? page : 1 };
}

/** The query string for filters and a page ('' when empty; page 1 is left out). */
export function writeQuery(filters: Filters, page = 1): string {
	const p = new URLSearchParams();
	for (const k of FILTER_KEYS) if (filters[k]) p.set(k, filters[k]!);
	if (page > 1) p.set('page', String(page));
	const s = p.toString();
	return s ? `?${s}` : '';
}

/** The API query for a page of the queue. */
export function apiQuery(filters: Filters, page: number, limit = PAGE_SIZE): string {
	const p = new URLSearchParams();
	for (const k of FILTER_KEYS) if (filters[k]) p.set(k, filters[k]!);
	p.set('limit', String(limit));
	p.set('offset', String((page - 1) * limit));
	return `?${p.toString()}`;
}

/** The API queries counting each urgency chip under the other filters (one row each). */
export function chipQueries(filters: Filters): { tier: UrgencyTier; query: string }[] {
	return URGENCY_TIERS.map((tier) => ({
		tier,
		query: apiQuery({ ...filters, urgency: tier }, 1, 1)
	}));
}

/** The cursor after moving by delta, clamped to the list (−1 for an empty list). */
export function moveCursor(cursor: number, delta: number, length: number): number {
	if (length === 0) return -1;
	if (cursor < 0) return delta > 0 ? 0 : length - 1;
	return Math.min(length - 1, Math.max(0, cursor + delta));
}

/** The selection with one id toggled (a new set; the old one is left alone). */
export function toggle(selection: ReadonlySet<number>, id: number): Set<number> {
	const next = new Set(selection);
	if (next.has(id)) next.delete(id);
	else next.add(id);
	return next;
}

/** Pages needed for a total. */
export function pageCount(total: number, size = PAGE_SIZE): number {
	return Math.max(1, Math.ceil(total / size));
}

/**
 * The dispatching move for a case in a state: a filed case is dispatched, a returned one
 * re-routed, a reopened one dispatched again; null when dispatch does not apply.
 */
export function dispatchActionFor(state: CaseState): 'dispatch' | 'reroute' | 'redispatch' | null {
	for (const a of DISPATCH_ACTIONS) if (TRANSITIONS[a].from.includes(state)) return a;
	return null;
}

const DISPATCH_ACTIONS = ['dispatch', 'reroute', 'redispatch'] as const;

/** One selected case as the bulk request names it. */
export interface BulkItem {
	id: number;
	expectedVersion: number;
}

/**
 * Selected cases grouped by their dispatching move (one bulk request each); cases that cannot be
 * dispatched in their state are returned apart, so the page can say so instead of sending them.
 */
export function groupForDispatch(
	cases: readonly { id: number; version: number; state: CaseState }[]
): {
	groups: { action: 'dispatch' | 'reroute' | 'redispatch'; items: BulkItem[] }[];
	skipped: number[];
} {
	const groups = new Map<'dispatch' | 'reroute' | 'redispatch', BulkItem[]>();
	const skipped: number[] = [];
	for (const c of cases) {
		const action = dispatchActionFor(c.state);
		if (action === null) {
			skipped.push(c.id);
			continue;
		}
		const list = groups.get(action) ?? [];
		list.push({ id: c.id, expectedVersion: c.version });
		groups.set(action, list);
	}
	return { groups: [...groups].map(([action, items]) => ({ action, items })), skipped };
}
