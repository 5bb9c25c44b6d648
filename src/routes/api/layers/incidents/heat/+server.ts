import { guarded } from '$lib/server/http/errors';
import { parseBBox, parseCell } from '$lib/map/filters';
import { incidentEtag, incidentHeat } from '$lib/server/map/incidents';
import { versioned } from '$lib/server/map/http';
import { orBadRequest, requestFilters } from '$lib/server/map/query';
import type { RequestHandler } from './$types';

/**
 * GET /api/layers/incidents/heat?bbox=w,s,e,n&cell=<metres>&<filters> → little-endian Float32
 * [lon, lat, weight] triplets (application/octet-stream; ETag, 304).
 */
export const GET: RequestHandler = guarded(async ({ url, request, locals }) => {
	const bbox = orBadRequest(parseBBox(url.searchParams.get('bbox')));
	const cell = orBadRequest(parseCell(url.searchParams.get('cell')));
	const now = new Date();
	const filters = requestFilters(url.searchParams, now);
	const etag = await incidentEtag(locals.db, locals.actor, 'heat', filters, { bbox, cell }, now);
	return versioned(request, etag, 'application/octet-stream', () =>
		incidentHeat(locals.db, locals.actor, bbox, cell, filters, now)
	);
});
