import { json } from '@sveltejs/kit';
import { cellLayer } from '$lib/server/analysis/cells';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** GET /api/analysis/cells → the grid cells in scope (outline, centroid, segment counts). */
export const GET: RequestHandler = guarded(async ({ locals }) => {
	return json(await cellLayer(locals.db, locals.actor), {
		headers: { 'Cache-Control': 'private, no-cache' }
	});
});
