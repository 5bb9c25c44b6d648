/**
 * ECharts options for the leaders' charts, built from API data by pure functions (tested without
 * a browser). Strings come in already localised.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { FunnelStep, HandlingTime, OnTimeBucket, TrendSeries } from './types';

const PALETTE = [
	'#2b6cb0',
	'#d7301f',
	'#2f855a',
	'#b7791f',
	'#6b46c1',
	'#319795',
	'#c05621',
	'#4a5568',
	'#d53f8c',
	'#718096',
	'#38a169',
	'#805ad5'
];
const FONT = { fontFamily: 'system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif' };

/** Weekly cases by major category, one line per category. */
export function trendOption(
	t: TrendSeries,
	nameOf: (s: TrendSeries['series'][number]) => string,
	animate = true
): EChartsCoreOption {
	return {
		animation: animate,
		color: PALETTE,
		textStyle: FONT,
		tooltip: { trigger: 'axis' },
		legend: { type: 'scroll', bottom: 0 },
		grid: { left: 40, right: 16, top: 16, bottom: 48 },
		xAxis: { type: 'category', data: t.weeks.map((w) => w.slice(5)), boundaryGap: false },
		yAxis: { type: 'value', minInterval: 1 },
		series: t.series.map((s) => ({
			type: 'line',
			name: nameOf(s),
			data: s.cases,
			smooth: false,
			symbolSize: 5
		}))
	};
}

/** The case-cycle funnel (accepted → … → satisfied). */
export function funnelOption(
	steps: readonly FunnelStep[],
	labelOf: (s: FunnelStep['step']) => string,
	animate = true
): EChartsCoreOption {
	const top = steps[0]?.cases ?? 0;
	return {
		animation: animate,
		textStyle: FONT,
		color: ['#1e4e8c', '#2b6cb0', '#3f83c8', '#63a4dc', '#90c2ea', '#bcdcf4'],
		tooltip: { trigger: 'item', formatter: '{b}: {c}' },
		series: [
			{
				type: 'funnel',
				sort: 'none',
				left: '8%',
				width: '84%',
				top: 8,
				bottom: 8,
				minSize: '8%',
				max: Math.max(top, 1),
				label: {
					position: 'inside',
					formatter: (p: { name: string; value: number }) =>
						`${p.name} ${p.value}${top ? ` (${((100 * p.value) / top).toFixed(1)}%)` : ''}`
				},
				data: steps.map((s) => ({ name: labelOf(s.step), value: s.cases }))
			}
		]
	};
}

const BUCKET_COLOURS: Record<OnTimeBucket, string> = {
	onTime: '#2f855a',
	late1d: '#ecc94b',
	late3d: '#ed8936',
	lateMore: '#c53030',
	open: '#a0aec0'
};

/** How the cases due ended: one bar per bucket. */
export function onTimeOption(
	rows: readonly { bucket: OnTimeBucket; cases: number }[],
	labelOf: (b: OnTimeBucket) => string,
	animate = true
): EChartsCoreOption {
	return {
		animation: animate,
		textStyle: FONT,
		tooltip: { trigger: 'axis' },
		grid: { left: 40, right: 16, top: 16, bottom: 28 },
		xAxis: { type: 'category', data: rows.map((r) => labelOf(r.bucket)) },
		yAxis: { type: 'value', minInterval: 1 },
		series: [
			{
				type: 'bar',
				data: rows.map((r) => ({ value: r.cases, itemStyle: { color: BUCKET_COLOURS[r.bucket] } })),
				label: { show: true, position: 'top' }
			}
		]
	};
}

/** Average handling hours by category, longest first. */
export function handlingOption(
	rows: readonly HandlingTime[],
	nameOf: (h: HandlingTime) => string,
	animate = true
): EChartsCoreOption {
	const sorted = [...rows].sort((a, b) => a.avgHours - b.avgHours);
	return {
		animation: animate,
		textStyle: FONT,
		tooltip: { trigger: 'axis' },
		grid: { left: 96, right: 40, top: 8, bottom: 24 },
		xAxis: { type: 'value' },
		yAxis: { type: 'category', data: sorted.map(nameOf) },
		series: [
			{
				type: 'bar',
				data: sorted.map((r) => r.avgHours),
				itemStyle: { color: '#2b6cb0' },
				label: {
					show: true,
					position: 'right',
					formatter: (p: { value: number }) => p.value.toFixed(1)
				}
			}
		]
	};
}
