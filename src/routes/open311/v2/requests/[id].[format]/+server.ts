import { open311 } from '$lib/server/open311/http';
import { respond } from '$lib/server/open311/format';
import { parseRequestQuery, queryObject } from '$lib/server/open311/params';
import { getRequest } from '$lib/server/open311/service';
import type { RequestHandler } from './$types';

/** GET /open311/v2/requests/{service_request_id}.{json|xml} — one request (public). */
export const GET: RequestHandler = open311(async ({ url, params, locals }, format) => {
	const q = parseRequestQuery(queryObject(url.searchParams));
	return respond(format, 'service_requests', await getRequest(locals.db, params.id, q));
});
