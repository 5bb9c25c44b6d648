import { open311, postFields } from '$lib/server/open311/http';
import { respond } from '$lib/server/open311/format';
import { parsePostParams, parseRequestsQuery, queryObject } from '$lib/server/open311/params';
import { authenticateOpen311Key, createRequest, listRequests } from '$lib/server/open311/service';
import type { RequestHandler } from './$types';

/** GET /open311/v2/requests.{json|xml} — requests by id or filters, no personal data (public). */
export const GET: RequestHandler = open311(async ({ url, locals }, format) => {
	const q = parseRequestsQuery(queryObject(url.searchParams), new Date());
	return respond(format, 'service_requests', await listRequests(locals.db, q));
});

/** POST /open311/v2/requests.{json|xml} — a new case; api_key required (403 otherwise). */
export const POST: RequestHandler = open311(async ({ request, url, locals }, format) => {
	const fields = await postFields(request);
	const key = fields.find(([k]) => k === 'api_key')?.[1] ?? url.searchParams.get('api_key');
	const keyId = await authenticateOpen311Key(locals.db, key);
	const params = parsePostParams(fields);
	const created = await createRequest(locals.db, keyId, params, url.origin);
	return respond(format, 'service_requests', [created], 201);
});
