import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { csvResponse } from '$lib/server/indicators/csv';
import { warningsCsv } from '$lib/server/indicators/export';
import { conditional } from '$lib/server/indicators/live';
import { parseFormat } from '$lib/server/indicators/params';
import { listWarnings } from '$lib/server/indicators/warnings';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * GET /api/warnings[?cleared=1][&refresh=1][&format=csv] → the live warnings in the viewer's
 * scope, most severe first, each with the case numbers behind it (re-evaluated when a case
 * changed or stale). ETag / 304 as for /api/indicators.
 */
export const GET: RequestHandler = guarded(async (event) => {
	const { url, locals } = event;
	requireCapability(locals.actor, 'indicators.read');
	const format = parseFormat(url.searchParams);
	if (format === 'csv') requireCapability(locals.actor, 'export.csv');
	const includeCleared = url.searchParams.get('cleared') === '1';
	const refresh = url.searchParams.get('refresh') === '1';
	// why: cleared warnings are outside the fingerprint, and a forced refresh asks for a fresh answer
	if (includeCleared || refresh) return build();
	return conditional(event, build, { warnings: true });

	async function build(): Promise<Response> {
		const rows = await listWarnings(locals.db, locals.actor, { includeCleared, refresh });
		if (format === 'csv') return csvResponse('warnings', warningsCsv(rows));
		return json(rows, { headers: { 'Cache-Control': 'private, no-store' } });
	}
});
