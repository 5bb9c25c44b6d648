/**
 * From a request's query to SQL parameters for the map's case layers: the filters (parsed by the
 * one shared module, src/lib/map/filters.ts), the actor's scope, the time window in China time,
 * and the ETag of a versioned layer. Bad input throws a kit 400 naming the parameter.
 */
import { createHash } from 'node:crypto';
import { error } from '@sveltejs/kit';
import type { Actor } from '../../domain/actor';
import { OPEN_STATES } from '../../domain/cases';
import {
	expandCategories,
	filtersToParams,
	type MapFilters,
	type Parsed,
	type ParamSource
} from '../../map/filters';
import { parseFilters } from '../../map/filters';

/** The product's clock is China time (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today in China time, YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
	return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The start of a China-time day as an instant. */
export function chinaDayStart(day: string): Date {
	return new Date(`${day}T00:00:00+08:00`);
}

/** The value of a parse, or a kit 400 with the parameter named. */
export function orBadRequest<T>(parsed: Parsed<T>): T {
	if (!parsed.ok) error(400, { message: parsed.error.message });
	return parsed.value;
}

/** The map filters of a request (400 on a bad one). */
export function requestFilters(params: ParamSource, now: Date = new Date()): MapFilters {
	return orBadRequest(parseFilters(params, chinaToday(now)));
}

/**
 * The subdistricts a case query may cover: the requested ones (each must be in the actor's
 * scope, else 400 naming the parameter), or the whole scope. null = no restriction.
 */
export function scopedSubdistricts(actor: Actor, requested: readonly string[]): string[] | null {
	if (actor.scope === 'all') return requested.length ? [...requested] : null;
	const outside = requested.find((c) => !actor.scope.includes(c));
	if (outside !== undefined) {
		error(400, {
			message: `Invalid query parameter "subdistrict": ${outside} is outside your scope`
		});
	}
	return requested.length ? [...requested] : [...actor.scope];
}

/** The SQL parameters $1..$7 shared by the case layers (map/tile_points, tile_bins, heat). */
export function caseParams(actor: Actor, f: MapFilters, now: Date): unknown[] {
	const end = chinaDayStart(f.to);
	end.setUTCDate(end.getUTCDate() + 1);
	return [
		chinaDayStart(f.from),
		end,
		f.status,
		f.category.length ? expandCategories(f.category) : null,
		scopedSubdistricts(actor, f.subdistrict),
		f.urgency.length ? f.urgency : null,
		now
	];
}

/** The states counted as "open" on the map (the working queues' states). */
export const OPEN_STATE_LIST: string[] = [...OPEN_STATES];

/**
 * A strong ETag from everything a reply depends on: the layer, its data version, the normalised
 * query and who is asking (role and scope decide what is visible).
 */
export function layerEtag(parts: Record<string, unknown>, actor: Actor): string {
	const key = JSON.stringify({
		...parts,
		role: actor.role,
		scope: actor.scope === 'all' ? 'all' : [...actor.scope].sort()
	});
	return `"${createHash('sha256').update(key).digest('base64url').slice(0, 22)}"`;
}

/** The filters' canonical text (the same filters always give the same text). */
export function filterKey(f: MapFilters, now: Date): string {
	const p = filtersToParams(f, chinaToday(now));
	// why: the default window moves with the day; the explicit dates keep the key exact.
	p.set('from', f.from);
	p.set('to', f.to);
	p.sort();
	return p.toString();
}
