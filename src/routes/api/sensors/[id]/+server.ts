import { json } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/json';
import { getSensor } from '$lib/server/sensors/detail';
import type { RequestHandler } from './$types';

/** GET /api/sensors/[id] → the sensor with its type's metrics and rules (sensor.read, in scope). */
export const GET: RequestHandler = guarded(async ({ params, locals }) => {
	return json(await getSensor(locals.db, locals.actor, idParam(params.id)));
});
