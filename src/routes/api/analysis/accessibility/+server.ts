import { json } from '@sveltejs/kit';
import { accessibility } from '$lib/server/analysis/accessibility';
import { requireAnalysis } from '$lib/server/analysis/access';
import { parseAccessibilityQuery } from '$lib/server/analysis/params';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * GET /api/analysis/accessibility?service=daycare&segment=age60&radius=600&method=2sfca|e2sfca
 * → capacity per person by grid cell (2SFCA / E2SFCA), for a choropleth.
 */
export const GET: RequestHandler = guarded(async ({ url, locals }) => {
	requireAnalysis(locals.actor);
	const params = parseAccessibilityQuery(url.searchParams);
	return json(await accessibility(locals.db, locals.actor, params), {
		headers: { 'Cache-Control': 'no-store' }
	});
});
