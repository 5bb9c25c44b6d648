import { error } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { SERVICE_TYPES, servicePointsLayer, type ServiceType } from '$lib/server/map/layers';
import { GEOJSON_TYPE, versioned } from '$lib/server/map/http';
import type { RequestHandler } from './$types';

/** GET /api/layers/service-points?type=meal,… → GeoJSON points (ETag, 304). */
export const GET: RequestHandler = guarded(async ({ url, request, locals }) => {
	const raw = url.searchParams.get('type');
	const types = raw === null ? [] : raw.split(',').map((t) => t.trim());
	const bad = types.find((t) => !(SERVICE_TYPES as readonly string[]).includes(t));
	if (bad !== undefined) {
		error(400, {
			message: `Invalid query parameter "type": unknown value "${bad}" (allowed: ${SERVICE_TYPES.join(', ')})`
		});
	}
	const layer = await servicePointsLayer(locals.db, locals.actor, types as ServiceType[]);
	return versioned(request, layer.etag, GEOJSON_TYPE, layer.build);
});
