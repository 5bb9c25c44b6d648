import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { idParam, readJson } from '$lib/server/http/json';
import { incidentGuarded } from '$lib/server/incidents/errors';
import {
	denyExtension,
	extensionDecisionSchema,
	listExtensions
} from '$lib/server/incidents/extensions';
import { transitionIncident } from '$lib/server/incidents/service';
import type { RequestHandler } from './$types';

/**
 * POST /api/incidents/:id/extensions/decision
 *   { decision: 'approve', expectedVersion, note? } → { incident, extensions }: the deadline is
 *   recomputed and the case marked extended;
 *   { decision: 'deny', reason } → { extensions }: the deadline stays.
 * Command (and admin); 409 when no request is pending.
 */
export const POST: RequestHandler = incidentGuarded(async ({ params, request, locals }) => {
	requireCapability(locals.actor, 'incident.transition');
	const id = idParam(params.id);
	const body = await readJson(
		request,
		extensionDecisionSchema,
		locals.config.JSON_BODY_LIMIT_BYTES
	);
	if (body.decision === 'deny') {
		await denyExtension(locals.db, locals.actor, id, { reason: body.reason });
		return json({ extensions: await listExtensions(locals.db, locals.actor, id) });
	}
	const incident = await transitionIncident(locals.db, locals.actor, id, {
		action: 'approve_extension',
		expectedVersion: body.expectedVersion,
		note: body.note
	});
	return json({ incident, extensions: await listExtensions(locals.db, locals.actor, id) });
});
