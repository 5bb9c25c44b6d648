import { basemap } from '$lib/server/places/basemap';
import { layerResponse } from '$lib/server/places/layer';
import type { RequestHandler } from './$types';

/** GET /api/layers/basemap → GeoJSON FeatureCollection of rivers, lakes, roads and parks. */
export const GET: RequestHandler = async ({ request, locals }) => {
	return layerResponse(request, await basemap(locals.db, locals.actor));
};
