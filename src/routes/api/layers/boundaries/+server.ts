import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { BOUNDARY_LEVELS, boundaries, boundaryLevelSchema } from '$lib/server/places/boundaries';
import { layerResponse } from '$lib/server/places/layer';
import type { RequestHandler } from './$types';

const query = z.object({ level: boundaryLevelSchema });

/** GET /api/layers/boundaries?level=district|subdistrict|community → GeoJSON FeatureCollection. */
export const GET: RequestHandler = async ({ url, request, locals }) => {
	const parsed = query.safeParse({ level: url.searchParams.get('level') ?? undefined });
	if (!parsed.success) {
		error(400, {
			message: `Invalid query parameter "level": expected one of ${BOUNDARY_LEVELS.join(', ')}`
		});
	}
	const layer = await boundaries(locals.db, locals.actor, parsed.data.level);
	return layerResponse(request, layer);
};
