import { open311 } from '$lib/server/open311/http';
import { respond } from '$lib/server/open311/format';
import { parseServicesQuery, queryObject } from '$lib/server/open311/params';
import { listServices } from '$lib/server/open311/service';
import type { RequestHandler } from './$types';

/** GET /open311/v2/services.{json|xml} — every subcategory as a service (public). */
export const GET: RequestHandler = open311(async ({ url, locals }, format) => {
	const q = parseServicesQuery(queryObject(url.searchParams));
	return respond(format, 'services', await listServices(locals.db, q.locale));
});
