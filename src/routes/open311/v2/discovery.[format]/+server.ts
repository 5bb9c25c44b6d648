import { open311 } from '$lib/server/open311/http';
import { respond } from '$lib/server/open311/format';
import { discovery } from '$lib/server/open311/service';
import type { RequestHandler } from './$types';

/** GET /open311/v2/discovery.{json|xml} — the spec's service discovery (public). */
export const GET: RequestHandler = open311(async ({ url }, format) =>
	respond(format, 'discovery', discovery(url.origin))
);
