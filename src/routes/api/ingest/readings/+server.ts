import { error, json } from '@sveltejs/kit';
import { readJsonBody } from '$lib/server/analysis/body';
import { guarded } from '$lib/server/http/errors';
import {
	authenticateKey,
	bearerKey,
	databaseUnavailable,
	IngestError,
	ingestReadings
} from '$lib/server/sensors/ingest';
import type { RequestHandler } from './$types';

/**
 * POST /api/ingest/readings, `Authorization: Bearer <device or gateway key>`,
 * { readings: [{ sensor, ts, metric, value }] } (≤ 5,000) → { accepted, duplicate, rejected }.
 * A machine endpoint: authenticated by the key, not a session (guard.ts MACHINE_ENDPOINTS).
 */
export const POST: RequestHandler = guarded(async ({ request, locals }) => {
	try {
		// The key first: an unauthenticated client gets a 401 without the body being read.
		const grant = await authenticateKey(locals.db, bearerKey(request.headers.get('authorization')));
		const body = await readJsonBody(request, locals.config.JSON_BODY_LIMIT_BYTES);
		return json(await ingestReadings(locals.db, grant, body));
	} catch (e) {
		if (e instanceof IngestError) error(e.status, { message: e.message });
		// The database is down or restarting: a fast 503 the device retries (nothing was stored).
		if (databaseUnavailable(e)) {
			return json(
				{ message: 'Database unavailable: retry the batch' },
				{ status: 503, headers: { 'retry-after': '1' } }
			);
		}
		throw e;
	}
});
