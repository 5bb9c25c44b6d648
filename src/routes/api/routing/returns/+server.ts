import { json } from '@sveltejs/kit';
import { incidentGuarded } from '$lib/server/incidents/errors';
import { returnsByRule } from '$lib/server/incidents/returns';
import type { RequestHandler } from './$types';

/**
 * GET /api/routing/returns?from=&to=&subdistrict= → { from, to, rules: [{ ruleId, categoryCode,
 * areaCode, departmentCode, priority, dispatches, returns, returnRate }] }, worst rule first.
 * Command and supervision only, in their scope.
 */
export const GET: RequestHandler = incidentGuarded(async ({ url, locals }) => {
	return json(await returnsByRule(locals.db, locals.actor, Object.fromEntries(url.searchParams)));
});
