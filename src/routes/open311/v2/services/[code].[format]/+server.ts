import { open311 } from '$lib/server/open311/http';
import { respond } from '$lib/server/open311/format';
import { parseServicesQuery, queryObject } from '$lib/server/open311/params';
import { serviceDefinition } from '$lib/server/open311/service';
import type { RequestHandler } from './$types';

/** GET /open311/v2/services/{service_code}.{json|xml} — the service's attributes (public). */
export const GET: RequestHandler = open311(async ({ url, params, locals }, format) => {
	const q = parseServicesQuery(queryObject(url.searchParams));
	return respond(
		format,
		'service_definition',
		await serviceDefinition(locals.db, params.code, q.locale)
	);
});
