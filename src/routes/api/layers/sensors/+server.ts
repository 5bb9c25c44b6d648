import { guarded } from '$lib/server/http/errors';
import { sensorsLayer } from '$lib/server/map/layers';
import { GEOJSON_TYPE, versioned } from '$lib/server/map/http';
import type { RequestHandler } from './$types';

/** GET /api/layers/sensors → GeoJSON sensors with their worst open alert (ETag, 304). */
export const GET: RequestHandler = guarded(async ({ request, locals }) => {
	const layer = await sensorsLayer(locals.db, locals.actor);
	return versioned(request, layer.etag, GEOJSON_TYPE, layer.build);
});
