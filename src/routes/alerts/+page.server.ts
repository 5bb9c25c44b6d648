import { can } from '$lib/domain/permissions';
import { guarded } from '$lib/server/http/errors';
import { alertFilter, listAlerts, listSensorTypes } from '$lib/server/sensors/alerts';
import { requireSensorPage } from '$lib/server/sensors/page';
import type { PageServerLoad } from './$types';

/** The operator alert queue: filtered by state / severity / sensor type, in the viewer's scope. */
export const load: PageServerLoad = guarded(async ({ locals, url }) => {
	requireSensorPage(locals.actor, url);
	const filter = alertFilter(url.searchParams);
	const [alerts, types] = await Promise.all([
		listAlerts(locals.db, locals.actor, filter),
		listSensorTypes(locals.db)
	]);
	return {
		filter,
		alerts: alerts.slice(0, 300),
		types,
		canManage: can(locals.actor, 'alert.manage'),
		loadedAt: new Date().toISOString()
	};
});
