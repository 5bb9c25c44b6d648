import { open311 } from '$lib/server/open311/http';
import { respond } from '$lib/server/open311/format';
import { parseServicesQuery, queryObject } from '$lib/server/open311/params';
import { lookupToken } from '$lib/server/open311/service';
import type { RequestHandler } from './$types';

/** GET /open311/v2/tokens/{token}.{json|xml} — the request id a token stands for (public). */
export const GET: RequestHandler = open311(async ({ url, params, locals }, format) => {
	parseServicesQuery(queryObject(url.searchParams));
	return respond(format, 'service_requests', await lookupToken(locals.db, params.token));
});
