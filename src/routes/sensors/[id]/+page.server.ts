import { guarded } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/json';
import { listAlerts } from '$lib/server/sensors/alerts';
import { sensorReadings } from '$lib/server/sensors/detail';
import { requireSensorPage } from '$lib/server/sensors/page';
import type { PageServerLoad } from './$types';

/** The sensor page: its readings per metric with the rule thresholds, and its latest alerts. */
export const load: PageServerLoad = guarded(async ({ locals, params, url }) => {
	requireSensorPage(locals.actor, url);
	const id = idParam(params.id);
	const query = Object.fromEntries(url.searchParams);
	const readings = await sensorReadings(locals.db, locals.actor, id, query);
	const alerts = await listAlerts(locals.db, locals.actor, { sensor: id, state: null });
	return {
		readings,
		alerts: alerts.slice(0, 20),
		hours: Number(url.searchParams.get('hours') ?? 24)
	};
});
