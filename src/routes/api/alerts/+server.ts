import { json } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { alertFilter, listAlerts } from '$lib/server/sensors/alerts';
import type { RequestHandler } from './$types';

/**
 * GET /api/alerts?sensor=&state= → [{ id, sensor, rule, severity, state, openedAt, caseId }]
 * in the viewer's scope, newest first.
 */
export const GET: RequestHandler = guarded(async ({ url, locals }) => {
	return json(await listAlerts(locals.db, locals.actor, alertFilter(url.searchParams)));
});
