import { json } from '@sveltejs/kit';
import { compareScenarios } from '$lib/server/analysis/scenarios';
import { guarded } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/json';
import type { RequestHandler } from './$types';

/** GET /api/scenarios/compare?a=1&b=2 → { scenarios: [left, right] } coverage side by side. */
export const GET: RequestHandler = guarded(async ({ url, locals }) => {
	const a = idParam(url.searchParams.get('a') ?? undefined);
	const b = idParam(url.searchParams.get('b') ?? undefined);
	return json({ scenarios: await compareScenarios(locals.db, locals.actor, a, b) });
});
