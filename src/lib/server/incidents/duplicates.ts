/** Likely duplicates of a report (PostGIS, same category, near in space and time). */
import { z } from 'zod';
import { scopeParam, type Actor } from '../../domain/actor';
import { OPEN_STATES, type CaseState } from '../../domain/cases';
import { requireCapability } from '../../domain/permissions';
import type { Queryable } from '../db';
import { categoryCode, iso, lat, lon, run, toMs, type ServiceOptions } from './common';

export const duplicatesQuerySchema = z
	.object({
		category: categoryCode,
		lon: z.coerce.number().pipe(lon),
		lat: z.coerce.number().pipe(lat),
		at: z.coerce.date().optional()
	})
	.strict();

/** Defaults of the duplicate window (issue 5 §4): 50 m and 72 h. */
export const DUPLICATE_DEFAULTS = Object.freeze({ radiusM: 50, windowHours: 72, limit: 20 });

export interface DuplicateCandidate {
	id: number;
	number: string;
	state: CaseState;
	categoryCode: string;
	reportedAt: string;
	subdistrictCode: string | null;
	lon: number;
	lat: number;
	distanceM: number;
}

/**
 * Open cases of the same category near a report in space and time: the likely duplicates an
 * operator is offered before filing (geography distance on PostGIS, index-filtered).
 */
export async function findLikelyDuplicates(
	db: Queryable,
	actor: Actor,
	query: unknown,
	opts: ServiceOptions & { radiusM?: number; windowHours?: number; limit?: number } = {}
): Promise<DuplicateCandidate[]> {
	requireCapability(actor, 'incident.read');
	const q = duplicatesQuerySchema.parse(query);
	const radius = opts.radiusM ?? DUPLICATE_DEFAULTS.radiusM;
	const hours = opts.windowHours ?? DUPLICATE_DEFAULTS.windowHours;
	const at = q.at ?? opts.now ?? new Date();
	const rows = await run(db, 'looking for duplicate cases', 'duplicates', [
		q.category,
		q.lon,
		q.lat,
		at,
		radius,
		hours,
		[...OPEN_STATES, 'outstanding'],
		scopeParam(actor),
		opts.limit ?? DUPLICATE_DEFAULTS.limit
	]);
	return rows.map((r) => ({ ...r, reportedAt: iso(toMs(r.reportedAt))! }) as DuplicateCandidate);
}
