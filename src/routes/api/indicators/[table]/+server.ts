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
import { conditional } from '$lib/server/indicators/live';
import { parseArea, parseFormat, parsePeriod } from '$lib/server/indicators/params';
import { guarded } from '$lib/server/http/errors';
import type { RequestHandler } from './$types';

/**
 * GET /api/indicators/trends|funnel|ontime|handling?from=&to=[&area=code][&format=csv]: the
 * leaders' charts as data (weekly cases by category, the case-cycle funnel, the on-time
 * distribution, average handling time by category), scoped to the viewer. ETag / 304 as for
 * /api/indicators.
 */
export const GET: RequestHandler = guarded(async (event) => {
	const { url, params, locals } = event;
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
	return conditional(event, () => build(table));

	async function build(table: string): Promise<Response> {
		switch (table) {
			case 'trends': {
				const t = await weeklyTrends(db, actor, q);
				return format === 'csv' ? csvResponse(name, trendsCsv(t)) : json(t);
			}
			case 'funnel': {
				const f = await funnel(db, actor, q);
				return format === 'csv' ? csvResponse(name, funnelCsv(f)) : json(f);
			}
			case 'ontime': {
				const o = await onTimeDistribution(db, actor, q);
				return format === 'csv' ? csvResponse(name, onTimeCsv(o)) : json(o);
			}
			default: {
				const h = await handlingTimes(db, actor, q);
				return format === 'csv' ? csvResponse(name, handlingCsv(h)) : json(h);
			}
		}
	}
});
