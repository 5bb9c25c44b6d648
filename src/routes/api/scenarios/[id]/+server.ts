import { json } from '@sveltejs/kit';
import { requireScenarioWrite } from '$lib/server/analysis/access';
import { readJsonBody } from '$lib/server/analysis/body';
import { deleteScenario, getScenario, updateScenario } from '$lib/server/analysis/scenarios';
import { guarded } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/json';
import type { RequestHandler } from './$types';

/** GET /api/scenarios/:id → { scenario }. */
export const GET: RequestHandler = guarded(async ({ params, locals }) => {
	return json({ scenario: await getScenario(locals.db, locals.actor, idParam(params.id)) });
});

/** PUT /api/scenarios/:id { name, serviceType, params, changes } → { scenario }. */
export const PUT: RequestHandler = guarded(async ({ params, request, locals }) => {
	requireScenarioWrite(locals.actor);
	const id = idParam(params.id);
	const body = await readJsonBody(request, locals.config.JSON_BODY_LIMIT_BYTES);
	return json({ scenario: await updateScenario(locals.db, locals.actor, id, body) });
});

/** DELETE /api/scenarios/:id → 204. */
export const DELETE: RequestHandler = guarded(async ({ params, locals }) => {
	await deleteScenario(locals.db, locals.actor, idParam(params.id));
	return new Response(null, { status: 204 });
});
