/**
 * Everything the leaders' page and the briefing show, loaded in one place: the period and level
 * from the URL (defaults: the last four weeks, subdistricts), the indicators of every area in
 * scope with the previous period, the totals, the charts' data and the live warnings.
 */
import { error, redirect } from '@sveltejs/kit';
import type { Actor } from '$lib/domain/actor';
import { can } from '$lib/domain/permissions';
import { MAP_INDICATORS, type MapIndicator } from '$lib/leader/types';
import type { Db } from '../db';
import {
	allAreaIndicators,
	funnelOf,
	handlingTimes,
	onTimeDistribution,
	totalOf,
	weeklyTrends
} from './indicators';
import { defaultPeriod, parseArea, parseLevel, parsePeriod } from './params';
import { currentSettings, DEFAULT_INDICATOR_SETTINGS } from './settings';
import { listWarnings } from './warnings';

/** Anonymous → sign in first; signed in without indicators.read → 403. */
export function requireLeaderPage(actor: Actor, url: URL): void {
	if (can(actor, 'indicators.read')) return;
	if (actor.userId === null && actor.role === 'public') {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	error(403, { message: 'Forbidden' });
}

export async function leaderData(db: Db, actor: Actor, url: URL) {
	const params = new URLSearchParams(url.searchParams);
	const fallback = defaultPeriod();
	if (!params.get('from')) params.set('from', fallback.from);
	if (!params.get('to')) params.set('to', fallback.to);
	const period = parsePeriod(params);
	const level = parseLevel(params);
	// `area` narrows the charts (and the briefing) to one subdistrict or community; with level
	// 'community' a subdistrict area also lists only its communities.
	const area = parseArea(params);
	const wanted = params.get('indicator') ?? 'score';
	const indicator: MapIndicator = (MAP_INDICATORS as readonly string[]).includes(wanted)
		? (wanted as MapIndicator)
		: 'score';

	// why: both levels from one pass over the cases; the score with the weights in force. The
	// charts and the warnings (re-evaluated when a case changed) run alongside: a live update
	// costs the slowest of them, not their sum.
	const { weights } = await currentSettings(db);
	const chart = { period, area };
	const [both, trends, onTime, handling, warnings] = await Promise.all([
		allAreaIndicators(db, actor, period, DEFAULT_INDICATOR_SETTINGS, weights),
		weeklyTrends(db, actor, chart),
		onTimeDistribution(db, actor, chart),
		handlingTimes(db, actor, chart),
		listWarnings(db, actor)
	]);
	const subdistricts = both.subdistricts;
	const areaRow = area ? subdistricts.find((r) => r.code === area) : undefined;
	const rows =
		level === 'subdistrict'
			? subdistricts
			: areaRow
				? both.communities.filter((r) => r.parentCode === area)
				: both.communities;
	const parentOf = (code: string) => rows.find((r) => r.code === code)?.parentCode ?? null;
	const scoped = areaRow ? [areaRow] : area ? rows.filter((r) => r.code === area) : subdistricts;
	const totals = totalOf(scoped, weights);
	return {
		period: { from: period.from, to: period.to, days: period.days },
		level,
		area,
		areaName: areaRow?.name ?? rows.find((r) => r.code === area)?.name ?? null,
		areaNameEn: areaRow?.nameEn ?? rows.find((r) => r.code === area)?.nameEn ?? null,
		indicator,
		subdistricts,
		rows,
		totals,
		funnel: funnelOf(totals.current),
		trends,
		onTime,
		handling,
		warnings: area
			? warnings.filter((w) => w.areaCode === area || w.areaCode === parentOf(area))
			: warnings,
		canAck: can(actor, 'warning.ack'),
		canExport: can(actor, 'export.csv'),
		generatedAt: new Date().toISOString()
	};
}

export type LeaderData = Awaited<ReturnType<typeof leaderData>>;
