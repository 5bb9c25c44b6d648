import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { conditional } from '$lib/server/indicators/live';
import { leaderData } from '$lib/server/indicators/page';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * GET /api/indicators/summary?<the /leader page's query> → everything the leaders' page shows
 * (figures, ranking, map rows, warnings, charts), for the live page to swap in place. ETag of
 * the data version: the page revalidates every ~2 s and gets 304 until a case, the settings or
 * a warning changes.
 */
export const GET: RequestHandler = guarded(async (event) => {
	const { url, locals } = event;
	requireCapability(locals.actor, 'indicators.read');
	return conditional(event, async () => json(await leaderData(locals.db, locals.actor, url)), {
		warnings: true
	});
});
