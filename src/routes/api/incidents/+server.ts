import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { readJson } from '$lib/server/http/json';
import { incidentGuarded } from '$lib/server/incidents/errors';
import { createIncident, createIncidentSchema, listQueue } from '$lib/server/incidents/service';
import type { RequestHandler } from './$types';

/** GET /api/incidents?state=&category=&department=&subdistrict=&urgency=&limit=&offset= → queue. */
export const GET: RequestHandler = incidentGuarded(async ({ url, locals }) => {
	const filters = Object.fromEntries(url.searchParams);
	return json(await listQueue(locals.db, locals.actor, filters));
});

/**
 * POST /api/incidents { category, lon, lat, description, priority?, source?, address?, contact? }
 * → 201 { incident }. The public gets only the number and tracking code back.
 */
export const POST: RequestHandler = incidentGuarded(async ({ request, locals }) => {
	// why: refuse before reading the body, so a refused caller learns nothing from validation.
	requireCapability(locals.actor, 'incident.create');
	const body = await readJson(request, createIncidentSchema, locals.config.JSON_BODY_LIMIT_BYTES);
	const created = await createIncident(locals.db, locals.actor, body);
	const incident =
		locals.actor.role === 'public'
			? { number: created.number, trackingCode: created.trackingCode, state: created.state }
			: created;
	return json({ incident }, { status: 201 });
});
