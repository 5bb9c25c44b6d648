import { json } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { trackCase } from '$lib/server/tracking/service';
import type { RequestHandler } from './$types';

/** GET /api/track/:code → { case } — public progress, no personal data (rate-limited by hooks). */
export const GET: RequestHandler = guarded(async ({ params, locals }) => {
	return json({ case: await trackCase(locals.db, params.code) });
});
