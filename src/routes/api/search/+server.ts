import { error, json } from '@sveltejs/kit';
import { guarded } from '$lib/server/http/errors';
import { mapSearch, searchQuerySchema } from '$lib/server/map/search';
import type { RequestHandler } from './$types';

/** GET /api/search?q=… → up to 10 hits: grid codes, case numbers, service point names. */
export const GET: RequestHandler = guarded(async ({ url, locals }) => {
	const parsed = searchQuerySchema.safeParse(url.searchParams.get('q') ?? '');
	if (!parsed.success) {
		error(400, { message: `Invalid query parameter "q": ${parsed.error.issues[0]!.message}` });
	}
	return json(await mapSearch(locals.db, locals.actor, parsed.data));
});
