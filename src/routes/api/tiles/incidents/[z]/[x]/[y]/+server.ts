import { guarded } from '$lib/server/http/errors';
import { parseTile } from '$lib/map/filters';
import { incidentEtag, incidentTile } from '$lib/server/map/incidents';
import { MVT_TYPE, versioned } from '$lib/server/map/http';
import { orBadRequest, requestFilters } from '$lib/server/map/query';
import type { RequestHandler } from './$types';

/** GET /api/tiles/incidents/{z}/{x}/{y}?<filters> → one MVT layer "incidents" (ETag, 304). */
export const GET: RequestHandler = guarded(async ({ params, url, request, locals }) => {
	const tile = orBadRequest(parseTile(params.z, params.x, params.y));
	const now = new Date();
	const filters = requestFilters(url.searchParams, now);
	const etag = await incidentEtag(locals.db, locals.actor, 'tile', filters, { tile }, now);
	return versioned(request, etag, MVT_TYPE, () =>
		incidentTile(locals.db, locals.actor, tile, filters, now)
	);
});
