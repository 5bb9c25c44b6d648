import { json } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/json';
import { transitionAlert } from '$lib/server/sensors/alerts';
import type { RequestHandler } from './$types';

/** POST /api/alerts/[id]/ack → the alert, acknowledged (alert.manage; 409 once resolved). */
export const POST: RequestHandler = guarded(async ({ params, locals }) => {
	return json(await transitionAlert(locals.db, locals.actor, idParam(params.id), 'acknowledged'));
});
