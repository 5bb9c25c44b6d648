/**
 * Pure helpers for the leaders' page: what an indicator is called and how its value reads, the
 * choropleth's classes and colours, rankings. Shared by the page and the briefing; unit-tested.
 */
import {
	KPI_DEFINITIONS,
	KPI_NAMES,
	worstTier,
	type KpiName,
	type WarningTier
} from '$lib/domain/kpi';
import type { AreaIndicators, MapIndicator, PeriodFigures, WarningItem } from './types';

export const isKpi = (k: MapIndicator): k is KpiName =>
	(KPI_NAMES as readonly string[]).includes(k);

/** True when a higher value is better (rework, extension, residents per staff are not). */
export function higherIsBetter(k: MapIndicator): boolean {
	if (isKpi(k)) return KPI_DEFINITIONS[k].higherIsBetter;
	return k !== 'residentsPerStaff' && k !== 'casesPer1000';
}

/** The value of an indicator in a period's figures. */
export function valueOf(f: PeriodFigures, k: MapIndicator): number | null {
	return f[k];
}

/**
 * An indicator's value for people: rates as percentages with one decimal, the score with one
 * decimal, counts as integers, ratios with no decimals; '—' for no data.
 * @example formatValue('onTimeRate', 0.8125) // '81.3%'
 */
export function formatValue(k: MapIndicator, v: number | null, locale = 'zh-CN'): string {
	if (v === null || !Number.isFinite(v)) return '—';
	if (isKpi(k) || k === 'elderlyCoverage') return `${(v * 100).toFixed(1)}%`;
	if (k === 'score' || k === 'casesPer1000') return v.toFixed(1);
	return Math.round(v).toLocaleString(locale);
}

/**
 * The change since the previous period: percentage points for rates, plain difference otherwise.
 * @example formatChange('onTimeRate', 0.8, 0.75) // '+5.0 pp'
 */
export function formatChange(k: MapIndicator, cur: number | null, prev: number | null): string {
	if (cur === null || prev === null) return '—';
	const d = cur - prev;
	const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
	const a = Math.abs(d);
	if (isKpi(k) || k === 'elderlyCoverage') return `${sign}${(a * 100).toFixed(1)} pp`;
	if (k === 'score' || k === 'casesPer1000') return `${sign}${a.toFixed(1)}`;
	return `${sign}${Math.round(a)}`;
}

/** Better, worse or the same as the previous period (for colouring the change). */
export function trend(
	k: MapIndicator,
	cur: number | null,
	prev: number | null
): 'up' | 'down' | 'same' | null {
	if (cur === null || prev === null) return null;
	if (Math.abs(cur - prev) < 1e-12) return 'same';
	return cur > prev === higherIsBetter(k) ? 'up' : 'down';
}

/** Areas ranked best first on an indicator; areas with no value last, by code. */
export function rank(rows: readonly AreaIndicators[], k: MapIndicator): AreaIndicators[] {
	const dir = higherIsBetter(k) ? -1 : 1;
	return [...rows].sort((a, b) => {
		const va = a[k];
		const vb = b[k];
		if (va === null && vb === null) return a.code.localeCompare(b.code);
		if (va === null) return 1;
		if (vb === null) return -1;
		return va === vb ? a.code.localeCompare(b.code) : dir * (va - vb);
	});
}

/** Five sequential colours, worst (light warm) to best (deep blue). */
export const RAMP = ['#f4a582', '#fddbc7', '#d1e5f0', '#92c5de', '#2166ac'] as const;
export const NO_DATA = '#d9dde3';

/**
 * Class breaks for a choropleth: equal intervals between the smallest and largest value.
 * @returns n + 1 ascending break values, or [] when there is no value
 * @example breaks([0, 1, 2, 3, 4, 5], 5) // [0, 1, 2, 3, 4, 5]
 */
export function breaks(values: readonly (number | null)[], n = RAMP.length): number[] {
	const vs = values.filter((v): v is number => v !== null && Number.isFinite(v));
	if (!vs.length) return [];
	const lo = Math.min(...vs);
	const hi = Math.max(...vs);
	if (hi === lo) return [lo, hi];
	return Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
}

/**
 * The colour of a value: the class it falls in, counted from the worse end.
 * @param better 'higher' puts high values in the deep-blue class
 */
export function colourOf(v: number | null, br: readonly number[], better: boolean): string {
	if (v === null || !br.length) return NO_DATA;
	const n = br.length - 1;
	if (n <= 1) return RAMP[RAMP.length - 1]!;
	let cls = n - 1;
	for (let i = 1; i < br.length; i++) {
		if (v <= br[i]!) {
			cls = i - 1;
			break;
		}
	}
	return better ? RAMP[cls]! : RAMP[RAMP.length - 1 - cls]!;
}

/** A MapLibre `match` expression colouring features by their `code` property. */
export function fillExpression(
	rows: readonly AreaIndicators[],
	k: MapIndicator
): unknown[] | string {
	const br = breaks(rows.map((r) => r[k]));
	const better = higherIsBetter(k);
	if (!rows.length) return NO_DATA;
	const pairs = rows.flatMap((r) => [r.code, colourOf(r[k], br, better)]);
	return ['match', ['get', 'code'], ...pairs, NO_DATA];
}

/** The legend: one swatch per class with its value range. */
export function legendClasses(
	rows: readonly AreaIndicators[],
	k: MapIndicator,
	locale = 'zh-CN'
): { colour: string; label: string }[] {
	const br = breaks(rows.map((r) => r[k]));
	const better = higherIsBetter(k);
	if (br.length < 2) return [];
	if (br.length === 2)
		return [{ colour: RAMP[RAMP.length - 1]!, label: formatValue(k, br[0]!, locale) }];
	const out = [];
	for (let i = 0; i + 1 < br.length; i++) {
		out.push({
			colour: better ? RAMP[i]! : RAMP[RAMP.length - 1 - i]!,
			label: `${formatValue(k, br[i]!, locale)} – ${formatValue(k, br[i + 1]!, locale)}`
		});
	}
	return out;
}

export const TIER_COLOURS = { red: '#d7301f', yellow: '#f0a500', blue: '#2b6cb0' } as const;

/** The areas with live warnings and the worst tier of each, in first-seen order. */
export function warnedAreas(warnings: readonly WarningItem[]): (readonly [string, WarningTier])[] {
	const by: Record<string, WarningTier[]> = {};
	for (const w of warnings) {
		if (w.state === 'cleared') continue;
		(by[w.areaCode] ??= []).push(w.tier);
	}
	return Object.entries(by).map(([code, tiers]) => [code, worstTier(tiers)!] as const);
}
