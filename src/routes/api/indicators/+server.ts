import { json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { csvResponse } from '$lib/server/indicators/csv';
import { indicatorsCsv } from '$lib/server/indicators/export';
import { conditional } from '$lib/server/indicators/live';
import { areaIndicators } from '$lib/server/indicators/indicators';
import { parseArea, parseFormat, parseLevel, parsePeriod } from '$lib/server/indicators/params';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * GET /api/indicators?level=subdistrict|community&from=YYYY-MM-DD&to=YYYY-MM-DD[&parent=code]
 * [&format=csv] → one row per area in the viewer's scope: counts, rates (fractions, null when the
 * denominator is 0), score, service figures and `previous` (the period of the same length before).
 * Tagged with an ETag of the data version: If-None-Match with the current tag → 304.
 */
export const GET: RequestHandler = guarded(async (event) => {
	const { url, locals } = event;
	requireCapability(locals.actor, 'indicators.read');
	const level = parseLevel(url.searchParams);
	const period = parsePeriod(url.searchParams);
	const parent = parseArea(url.searchParams, 'parent');
	const format = parseFormat(url.searchParams);
	if (format === 'csv') requireCapability(locals.actor, 'export.csv');
	return conditional(event, async () => {
		const rows = await areaIndicators(locals.db, locals.actor, { level, period, parent });
		if (format === 'csv') {
			return csvResponse(`indicators-${level}-${period.from}-${period.to}`, indicatorsCsv(rows));
		}
		return json(rows);
	});
});
