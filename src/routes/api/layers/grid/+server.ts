import { guarded } from '$lib/server/http/errors';
import { gridLayer } from '$lib/server/map/layers';
import { GEOJSON_TYPE, versioned } from '$lib/server/map/http';
import { requestFilters } from '$lib/server/map/query';
import type { RequestHandler } from './$types';

/** GET /api/layers/grid?from&to&subdistrict → GeoJSON grid cells with their numbers (ETag). */
export const GET: RequestHandler = guarded(async ({ url, request, locals }) => {
	const now = new Date();
	const filters = requestFilters(url.searchParams, now);
	const layer = await gridLayer(locals.db, locals.actor, filters, now);
	return versioned(request, layer.etag, GEOJSON_TYPE, layer.build);
});
