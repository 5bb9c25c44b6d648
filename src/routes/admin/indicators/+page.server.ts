import { guarded } from '$lib/server/http/errors';
import { requireLeaderPage } from '$lib/server/indicators/page';
import { readSettings } from '$lib/server/indicators/settings-admin';
import type { PageServerLoad } from './$types';

/** The indicator settings: editable by an admin of the whole district, read-only for readers. */
export const load: PageServerLoad = guarded(async ({ locals, url }) => {
	requireLeaderPage(locals.actor, url);
	return { settings: await readSettings(locals.db, locals.actor) };
});
