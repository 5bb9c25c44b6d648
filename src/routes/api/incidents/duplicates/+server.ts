import { json } from '@sveltejs/kit';
import { incidentGuarded } from '$lib/server/incidents/errors';
import { findLikelyDuplicates } from '$lib/server/incidents/service';
import type { RequestHandler } from './$types';

/** GET /api/incidents/duplicates?category=&lon=&lat=[&at=] → { duplicates } (50 m, 72 h). */
export const GET: RequestHandler = incidentGuarded(async ({ url, locals }) => {
	const query = Object.fromEntries(url.searchParams);
	return json({ duplicates: await findLikelyDuplicates(locals.db, locals.actor, query) });
});
