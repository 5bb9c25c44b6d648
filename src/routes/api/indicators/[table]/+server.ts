import { error, json } from '@sveltejs/kit';
import { requireCapability } from '$lib/domain/permissions';
import { csvResponse } from '$lib/server/indicators/csv';
import { funnelCsv, handlingCsv, onTimeCsv, trendsCsv } from '$lib/server/indicators/export';
import {
	funnel,
	handlingTimes,
	onTimeDistribution,
	weeklyTrends
} from '$lib/server/indicators/indicators';
import { parseArea, parseFormat, parsePeriod } from '$lib/server/indicators/params';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * GET /api/indicators/trends|funnel|ontime|handling?from=&to=[&area=code][&format=csv]: the
 * leaders' charts as data (weekly cases by category, the case-cycle funnel, the on-time
 * distribution, average handling time by category), scoped to the viewer.
 */
export const GET: RequestHandler = guarded(async ({ url, params, locals }) => {
	const { db, actor } = locals;
	requireCapability(actor, 'indicators.read');
	const table = params.table;
	if (!['trends', 'funnel', 'ontime', 'handling'].includes(table))
		error(404, { message: 'Not found' });
	const period = parsePeriod(url.searchParams);
	const area = parseArea(url.searchParams);
	const format = parseFormat(url.searchParams);
	if (format === 'csv') requireCapability(actor, 'export.csv');
	const q = { period, area };
	const name = `${table}-${period.from}-${period.to}`;
	const headers = { 'Cache-Control': 'private, no-store' };
	switch (table) {
		case 'trends': {
			const t = await weeklyTrends(db, actor, q);
			return format === 'csv' ? csvResponse(name, trendsCsv(t)) : json(t, { headers });
		}
		case 'funnel': {
			const f = await funnel(db, actor, q);
			return format === 'csv' ? csvResponse(name, funnelCsv(f)) : json(f, { headers });
		}
		case 'ontime': {
			const o = await onTimeDistribution(db, actor, q);
			return format === 'csv' ? csvResponse(name, onTimeCsv(o)) : json(o, { headers });
		}
		default: {
			const h = await handlingTimes(db, actor, q);
			return format === 'csv' ? csvResponse(name, handlingCsv(h)) : json(h, { headers });
		}
	}
});
