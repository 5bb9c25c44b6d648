import { error, json } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { gridCell } from '$lib/server/map/layers';
import { requestFilters } from '$lib/server/map/query';
import type { RequestHandler } from './$types';

/** GET /api/layers/grid/{code}?from&to → one grid cell's numbers for the side panel. */
export const GET: RequestHandler = guarded(async ({ params, url, locals }) => {
	if (!/^\d{14,15}$/.test(params.code)) error(404, { message: 'Not found' });
	const filters = requestFilters(url.searchParams);
	return json(await gridCell(locals.db, locals.actor, params.code, filters));
});
