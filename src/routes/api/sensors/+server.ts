import { json } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { listSensors } from '$lib/server/sensors/alerts';
import type { RequestHandler } from './$types';

/** GET /api/sensors?type= → [{ id, code, type, metrics, lon, lat, status }] in the viewer's scope. */
export const GET: RequestHandler = guarded(async ({ url, locals }) => {
	return json(await listSensors(locals.db, locals.actor, url.searchParams.get('type')));
});
