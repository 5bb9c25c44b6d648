/**
 * The map's search box: a grid code prefix, a case number (LX########) prefix, or a service
 * point's name. Cases only for roles that read them, within scope; grid cells and service
 * points are public geography.
 */
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { scopeParam } from '../../domain/actor';
import { can } from '../../domain/permissions';
import type { Db } from '../db';
import { sql } from '../sql';

export const SEARCH_LIMIT = 10;
export const searchQuerySchema = z
	.string()
	.trim()
	.min(1, 'must be 1 to 50 characters')
	.max(50, 'must be 1 to 50 characters');

// A type, not an interface: query rows must be assignable to Record<string, unknown>.
export type SearchHit = {
	kind: 'grid' | 'incident' | 'service_point';
	id: string;
	label: string;
	lon: number;
	lat: number;
};

/** Escapes LIKE wildcards so user text matches literally. */
export function likeLiteral(s: string): string {
	return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Up to {@link SEARCH_LIMIT} hits for a query: grid cells, then cases, then service points.
 * @param q the search text (already trimmed and 1..50 characters)
 */
export async function mapSearch(db: Db, actor: Actor, q: string): Promise<SearchHit[]> {
	const digits = /^\d{1,15}$/.test(q) ? q : null;
	// why: "LX123", "lx123" and a bare "123…" all mean a case number prefix.
	const caseNo = /^(lx)?\d{0,8}$/i.test(q) && /\d|^lx$/i.test(q) ? q.toUpperCase() : null;
	const numberPrefix = caseNo === null ? null : caseNo.startsWith('LX') ? caseNo : `LX${caseNo}`;
	const rows = await db.query<SearchHit>(sql('map/search'), [
		digits,
		can(actor, 'incident.read') && numberPrefix ? likeLiteral(numberPrefix) : null,
		scopeParam(actor),
		likeLiteral(q),
		SEARCH_LIMIT
	]);
	return rows;
}
