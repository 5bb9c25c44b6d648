import { json } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/json';
import { sensorReadings } from '$lib/server/sensors/detail';
import type { RequestHandler } from './$types';

/**
 * GET /api/sensors/[id]/readings?hours=24 (1…744) →
 * { sensor, metrics, series: [{ metric, unit, points: [[ts, value]] }], thresholds }.
 */
export const GET: RequestHandler = guarded(async ({ params, url, locals }) => {
	const query = Object.fromEntries(url.searchParams);
	return json(await sensorReadings(locals.db, locals.actor, idParam(params.id), query));
});
