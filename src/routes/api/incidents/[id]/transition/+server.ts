import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { idParam, readJson } from '$lib/server/http/json';
import { incidentGuarded } from '$lib/server/incidents/errors';
import { transitionIncident, transitionSchema } from '$lib/server/incidents/service';
import type { RequestHandler } from './$types';

/**
 * POST /api/incidents/:id/transition { action, expectedVersion, reason?, note?, departments?,
 * mergeInto? } → { incident }; 409 { message, code, incident } when someone moved it first.
 */
export const POST: RequestHandler = incidentGuarded(async ({ params, request, locals }) => {
	requireCapability(locals.actor, 'incident.transition');
	const id = idParam(params.id);
	const body = await readJson(request, transitionSchema, locals.config.JSON_BODY_LIMIT_BYTES);
	return json({ incident: await transitionIncident(locals.db, locals.actor, id, body) });
});
