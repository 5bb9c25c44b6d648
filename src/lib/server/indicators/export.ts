/** The leaders' tables as CSV rows (column titles in English, stable for scripts). */
import { COUNT_KEYS as COUNTS, KPI_NAMES } from '$lib/domain/kpi';
import type {
	AreaIndicators,
	FunnelStep,
	HandlingTime,
	OnTimeBucket,
	TrendSeries,
	WarningItem
} from '$lib/leader/types';
import { toCsv } from './csv';

const SERVICE = [
	'residents',
	'aged60',
	'aged60Covered',
	'staffCount',
	'casesPer1000',
	'residentsPerStaff',
	'elderlyCoverage'
] as const;

export function indicatorsCsv(rows: readonly AreaIndicators[]): string {
	const header = [
		'code',
		'name',
		'nameEn',
		...COUNTS,
		...KPI_NAMES,
		'score',
		...SERVICE,
		...COUNTS.map((k) => `previous.${k}`),
		...KPI_NAMES.map((k) => `previous.${k}`),
		'previous.score'
	];
	return toCsv(
		header,
		rows.map((r) => [
			r.code,
			r.name,
			r.nameEn,
			...COUNTS.map((k) => r[k]),
			...KPI_NAMES.map((k) => r[k]),
			r.score,
			...SERVICE.map((k) => r[k]),
			...COUNTS.map((k) => r.previous[k]),
			...KPI_NAMES.map((k) => r.previous[k]),
			r.previous.score
		])
	);
}

export function trendsCsv(t: TrendSeries): string {
	return toCsv(
		['category', 'name', 'nameEn', ...t.weeks],
		t.series.map((s) => [s.category, s.name, s.nameEn, ...s.cases])
	);
}

export function funnelCsv(steps: readonly FunnelStep[]): string {
	return toCsv(
		['step', 'cases'],
		steps.map((s) => [s.step, s.cases])
	);
}

export function onTimeCsv(rows: readonly { bucket: OnTimeBucket; cases: number }[]): string {
	return toCsv(
		['bucket', 'cases'],
		rows.map((r) => [r.bucket, r.cases])
	);
}

export function handlingCsv(rows: readonly HandlingTime[]): string {
	return toCsv(
		['category', 'name', 'nameEn', 'cases', 'avgHours'],
		rows.map((r) => [r.category, r.name, r.nameEn, r.cases, r.avgHours])
	);
}

export function warningsCsv(rows: readonly WarningItem[]): string {
	return toCsv(
		[
			'id',
			'tier',
			'rule',
			'areaCode',
			'areaName',
			'subject',
			'indicator',
			'value',
			'periodStart',
			'periodEnd',
			'state',
			'note',
			'acknowledgedBy',
			'acknowledgedAt',
			'cases'
		],
		rows.map((w) => [
			w.id,
			w.tier,
			w.rule,
			w.areaCode,
			w.areaName,
			w.subject,
			w.indicator,
			w.value,
			w.periodStart,
			w.periodEnd,
			w.state,
			w.note,
			w.acknowledgedBy,
			w.acknowledgedAt,
			w.cases.join(' ')
		])
	);
}
