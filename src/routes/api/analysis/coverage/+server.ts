import { json } from '@sveltejs/kit';
import { coverage } from '$lib/server/analysis/coverage';
import { requireAnalysis } from '$lib/server/analysis/access';
import { parseCoverageQuery } from '$lib/server/analysis/params';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * GET /api/analysis/coverage?service=meal&segment=all&radius=500&detour=1.3&engine=turf|postgis
 * → { totals, bySubdistrict, byCommunity, deserts, cells, points }.
 */
export const GET: RequestHandler = guarded(async ({ url, locals }) => {
	requireAnalysis(locals.actor);
	const params = parseCoverageQuery(url.searchParams);
	return json(await coverage(locals.db, locals.actor, params), {
		headers: { 'Cache-Control': 'no-store' }
	});
});
