import { json } from '@sveltejs/kit';
import { idParam } from '$lib/server/http/json';
import { incidentGuarded } from '$lib/server/incidents/errors';
import { getIncident } from '$lib/server/incidents/service';
import type { RequestHandler } from './$types';

/** GET /api/incidents/:id → { incident } with its timeline (404 outside the reader's scope). */
export const GET: RequestHandler = incidentGuarded(async ({ params, locals }) => {
	const incident = await getIncident(locals.db, locals.actor, idParam(params.id), {
		client: locals.client
	});
	return json({ incident });
});
