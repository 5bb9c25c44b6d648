import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { guarded } from '$lib/server/http/errors';
import { readJson } from '$lib/server/http/json';
import { rateCase } from '$lib/server/tracking/service';
import type { RequestHandler } from './$types';

/** POST /api/track/:code/rating { rating: 1–5 } → { rating, ratedAt }; once, closed cases only. */
export const POST: RequestHandler = guarded(async ({ params, request, locals }) => {
	// The shape is checked by rateCase (one message for every bad rating); here only size and JSON.
	const body = await readJson(request, z.unknown(), 1024);
	return json(await rateCase(locals.db, params.code, body));
});
