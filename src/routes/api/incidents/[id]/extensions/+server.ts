import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { idParam, readJson } from '$lib/server/http/json';
import { incidentGuarded } from '$lib/server/incidents/errors';
import { extensionRequestSchema, listExtensions } from '$lib/server/incidents/extensions';
import { transitionIncident } from '$lib/server/incidents/service';
import type { RequestHandler } from './$types';

/** GET /api/incidents/:id/extensions → { extensions } (oldest first; 404 outside scope). */
export const GET: RequestHandler = incidentGuarded(async ({ params, locals }) => {
	const extensions = await listExtensions(locals.db, locals.actor, idParam(params.id));
	return json({ extensions });
});

/**
 * POST /api/incidents/:id/extensions { expectedVersion, reason } → 201 { incident }: the case's
 * department asks for more time (the 'request_extension' move plus a pending request row).
 */
export const POST: RequestHandler = incidentGuarded(async ({ params, request, locals }) => {
	requireCapability(locals.actor, 'incident.transition');
	const id = idParam(params.id);
	const body = await readJson(request, extensionRequestSchema, locals.config.JSON_BODY_LIMIT_BYTES);
	const incident = await transitionIncident(locals.db, locals.actor, id, {
		action: 'request_extension',
		...body
	});
	return json({ incident }, { status: 201 });
});
