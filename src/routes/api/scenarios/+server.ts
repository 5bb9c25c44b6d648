import { json } from '@sveltejs/kit';
import { requireScenarioWrite } from '$lib/server/analysis/access';
import { readJsonBody } from '$lib/server/analysis/body';
import { createScenario, listScenarios } from '$lib/server/analysis/scenarios';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/** GET /api/scenarios → { scenarios } (newest first, without their changes). */
export const GET: RequestHandler = guarded(async ({ locals }) => {
	return json({ scenarios: await listScenarios(locals.db, locals.actor) });
});

/** POST /api/scenarios { name, serviceType, params, changes } → 201 { scenario }. */
export const POST: RequestHandler = guarded(async ({ request, locals }) => {
	requireScenarioWrite(locals.actor);
	const body = await readJsonBody(request, locals.config.JSON_BODY_LIMIT_BYTES);
	const scenario = await createScenario(locals.db, locals.actor, body);
	return json({ scenario }, { status: 201 });
});
