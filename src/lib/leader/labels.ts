/**
 * What each indicator is called and what it means, in the UI's language: the case rates from
 * KPI_DEFINITIONS (lib/domain/kpi), the others from the messages.
 */
import { KPI_DEFINITIONS, type WarningTier } from '$lib/domain/kpi';
import { m } from '$lib/paraglide/messages.js';
import { isKpi } from './format';
import type { MapIndicator, PeriodFigures } from './types';

export function indicatorLabel(k: MapIndicator, locale: string): string {
	const en = locale.startsWith('en');
	if (isKpi(k)) return en ? KPI_DEFINITIONS[k].en : KPI_DEFINITIONS[k].zh;
	switch (k) {
		case 'score':
			return m.leader_score();
		case 'accepted':
			return m.leader_accepted();
		case 'casesPer1000':
			return m.leader_cases_per_1000();
		case 'residentsPerStaff':
			return m.leader_residents_per_staff();
		default:
			return m.leader_elderly_coverage();
	}
}

export function indicatorDefinition(k: MapIndicator, locale: string): string {
	const en = locale.startsWith('en');
	if (isKpi(k)) return en ? KPI_DEFINITIONS[k].definitionEn : KPI_DEFINITIONS[k].definitionZh;
	switch (k) {
		case 'score':
			return m.leader_score_def();
		case 'accepted':
			return m.leader_accepted_def();
		case 'casesPer1000':
			return m.leader_cases_per_1000_def();
		case 'residentsPerStaff':
			return m.leader_residents_per_staff_def();
		default:
			return m.leader_elderly_coverage_def();
	}
}

/** "Numerator / denominator: 3 / 5" for an indicator that is a ratio, else null. */
export function fractionOf(f: PeriodFigures, k: MapIndicator): string | null {
	if (isKpi(k)) {
		const d = KPI_DEFINITIONS[k];
		return m.leader_fraction({ numerator: f[d.numerator], denominator: f[d.denominator] });
	}
	if (k === 'elderlyCoverage') {
		return m.leader_fraction({ numerator: f.aged60Covered, denominator: f.aged60 });
	}
	if (k === 'casesPer1000') {
		return m.leader_fraction({ numerator: f.accepted, denominator: f.residents });
	}
	if (k === 'residentsPerStaff' && f.staffCount !== null) {
		return m.leader_fraction({ numerator: f.residents, denominator: f.staffCount });
	}
	return null;
}

/** The full tooltip: definition, numerator / denominator, previous period. */
export function tooltipOf(
	k: MapIndicator,
	cur: PeriodFigures,
	previous: string,
	locale: string
): string {
	const parts = [indicatorDefinition(k, locale)];
	const frac = fractionOf(cur, k);
	if (frac) parts.push(frac);
	parts.push(m.leader_previous_value({ value: previous }));
	return parts.join('\n');
}

/** A warning tier's name in the UI's language. */
export function tierLabel(tier: WarningTier): string {
	return tier === 'red'
		? m.leader_tier_red()
		: tier === 'yellow'
			? m.leader_tier_yellow()
			: m.leader_tier_blue();
}
