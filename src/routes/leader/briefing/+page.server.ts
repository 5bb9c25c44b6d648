import { guarded } from '$lib/server/http/errors';
import { leaderData, requireLeaderPage } from '$lib/server/indicators/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = guarded(async ({ locals, url }) => {
	requireLeaderPage(locals.actor, url);
	return leaderData(locals.db, locals.actor, url);
});
