/**
 * The indicators leaders are judged on (DOMAIN.md, "Indicators"): case rates as cities publish
 * them weekly, Beijing's 12345 three rates, a composite score, and the red/yellow/blue warning
 * rules. Rates are computed from counts, never averaged from other rates, so rolling a district
 * up from its subdistricts means adding counts ({@link addCounts}) and computing once.
 */
import { z } from 'zod';

/** The counts a period is summarised by. */
export const COUNT_KEYS = [
	'accepted',
	'filed',
	'dispatched',
	'due',
	'closed',
	'closedOnTime',
	'reworked',
	'extended',
	'responded',
	'resolved',
	'rated',
	'satisfied'
] as const;
export type CountKey = (typeof COUNT_KEYS)[number];
export type CaseCounts = Readonly<Record<CountKey, number>>;

export const KPI_NAMES = [
	'filingRate',
	'dispatchRate',
	'closureRate',
	'onTimeRate',
	'reworkRate',
	'extensionRate',
	'responseRate',
	'resolutionRate',
	'satisfactionRate'
] as const;
export type KpiName = (typeof KPI_NAMES)[number];

/** A rate in [0, 1], or null when its denominator is 0 (no cases: no verdict, not 0 % or 100 %). */
export type KpiRates = Readonly<Record<KpiName, number | null>>;

/** What an indicator means, for tooltips and the methodology page. */
export interface KpiDefinition {
	readonly zh: string;
	readonly en: string;
	readonly numerator: CountKey;
	readonly denominator: CountKey;
	/** Rework and extension rates are better low; the composite scores them as 1 − rate. */
	readonly higherIsBetter: boolean;
	readonly definitionZh: string;
	readonly definitionEn: string;
}

export const KPI_DEFINITIONS: Readonly<Record<KpiName, KpiDefinition>> = {
	filingRate: {
		zh: '立案率',
		en: 'Filing rate',
		numerator: 'filed',
		denominator: 'accepted',
		higherIsBetter: true,
		definitionZh: '立案数 ÷ 受理数：受理的上报中被确认为案件的比例。',
		definitionEn: 'Cases filed ÷ reports accepted: the share of reports confirmed as cases.'
	},
	dispatchRate: {
		zh: '派遣率',
		en: 'Dispatch rate',
		numerator: 'dispatched',
		denominator: 'filed',
		higherIsBetter: true,
		definitionZh: '派遣数 ÷ 立案数：已立案案件中派遣到责任单位的比例。',
		definitionEn: 'Cases dispatched ÷ cases filed: the share sent to a responsible unit.'
	},
	closureRate: {
		zh: '结案率',
		en: 'Closure rate',
		numerator: 'closed',
		denominator: 'due',
		higherIsBetter: true,
		definitionZh: '结案数 ÷ 应结案数（期限落在本期的案件）。',
		definitionEn: 'Cases closed ÷ cases due (whose deadline fell in the period).'
	},
	onTimeRate: {
		zh: '按期结案率',
		en: 'On-time closure rate',
		numerator: 'closedOnTime',
		denominator: 'due',
		higherIsBetter: true,
		definitionZh: '按期结案数 ÷ 应结案数：在时限内结案的比例。',
		definitionEn: 'Cases closed by their deadline ÷ cases due.'
	},
	reworkRate: {
		zh: '返工率',
		en: 'Rework rate',
		numerator: 'reworked',
		denominator: 'due',
		higherIsBetter: false,
		definitionZh: '返工数 ÷ 应结案数：核查未通过、重新派遣的比例（越低越好）。',
		definitionEn: 'Cases that failed verification and were reworked ÷ cases due (lower is better).'
	},
	extensionRate: {
		zh: '延期率',
		en: 'Extension rate',
		numerator: 'extended',
		denominator: 'due',
		higherIsBetter: false,
		definitionZh: '延期数 ÷ 应结案数：批准延期的比例（越低越好）。',
		definitionEn: 'Cases granted an extension ÷ cases due (lower is better).'
	},
	responseRate: {
		zh: '响应率',
		en: 'Response rate',
		numerator: 'responded',
		denominator: 'accepted',
		higherIsBetter: true,
		definitionZh: '按时响应（联系诉求人）数 ÷ 受理数（接诉即办）。',
		definitionEn: 'Requests answered in time (the caller contacted) ÷ requests accepted (12345).'
	},
	resolutionRate: {
		zh: '解决率',
		en: 'Resolution rate',
		numerator: 'resolved',
		denominator: 'accepted',
		higherIsBetter: true,
		definitionZh: '已解决数 ÷ 受理数（接诉即办）。',
		definitionEn: 'Requests resolved ÷ requests accepted (12345).'
	},
	satisfactionRate: {
		zh: '满意率',
		en: 'Satisfaction rate',
		numerator: 'satisfied',
		denominator: 'rated',
		higherIsBetter: true,
		definitionZh: '满意评价数 ÷ 参与评价数（接诉即办回访）。',
		definitionEn: 'Callers satisfied ÷ callers who rated the outcome (12345 follow-up).'
	}
};

/**
 * Valid counts: non-negative integers, and every numerator no larger than its denominator (a
 * numerator is a subset of its denominator by definition, so more means the counting is wrong).
 */
export const caseCountsSchema = z
	.object(
		Object.fromEntries(COUNT_KEYS.map((k) => [k, z.number().int().nonnegative()])) as Record<
			CountKey,
			z.ZodNumber
		>
	)
	.superRefine((c, ctx) => {
		for (const name of KPI_NAMES) {
			const d = KPI_DEFINITIONS[name];
			if (c[d.numerator] > c[d.denominator]) {
				ctx.addIssue({
					code: 'custom',
					path: [d.numerator],
					message: `${name}: ${d.numerator} (${c[d.numerator]}) exceeds ${d.denominator} (${c[d.denominator]})`
				});
			}
		}
	});

/** All-zero counts, the identity for {@link addCounts}. */
export function emptyCounts(): CaseCounts {
	return Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Record<CountKey, number>;
}

/** Sum counts, e.g. to roll subdistricts up to their district. */
export function addCounts(...parts: readonly CaseCounts[]): CaseCounts {
	const out = { ...emptyCounts() };
	for (const p of parts) for (const k of COUNT_KEYS) out[k] += p[k];
	return out;
}

/**
 * Every rate from one period's counts.
 * @throws {z.ZodError} for negative or fractional counts, or a numerator above its denominator
 * @example computeRates({ ...emptyCounts(), accepted: 10, filed: 8 }).filingRate // 0.8
 */
export function computeRates(counts: CaseCounts): KpiRates {
	const c = caseCountsSchema.parse(counts);
	return Object.fromEntries(
		KPI_NAMES.map((name) => {
			const d = KPI_DEFINITIONS[name];
			const den = c[d.denominator];
			return [name, den === 0 ? null : c[d.numerator] / den];
		})
	) as Record<KpiName, number | null>;
}

/**
 * Default composite weights (points out of 100). Our defaults, not a national rule: timely
 * closure carries the most (closure 20, on-time 20), then the front of the cycle (filing 10,
 * dispatch 10), quality (rework 10, extension 5) and the 12345 rates (response 5, resolution
 * 10, satisfaction 10). Cities publish their own; pass them to {@link compositeScore}.
 */
export const DEFAULT_KPI_WEIGHTS: Readonly<Record<KpiName, number>> = Object.freeze({
	filingRate: 10,
	dispatchRate: 10,
	closureRate: 20,
	onTimeRate: 20,
	reworkRate: 10,
	extensionRate: 5,
	responseRate: 5,
	resolutionRate: 10,
	satisfactionRate: 10
});

export const kpiWeightsSchema = z.object(
	Object.fromEntries(KPI_NAMES.map((k) => [k, z.number().nonnegative().finite()])) as Record<
		KpiName,
		z.ZodNumber
	>
);

/**
 * The composite score, 0–100: the weighted mean of the indicators' scores, where a rate that is
 * better high scores `rate` and one better low scores `1 − rate`. Indicators with no data (null)
 * drop out and the remaining weights are renormalised, so a unit is neither rewarded nor punished
 * for having had no cases of a kind.
 * @returns null when no weighted indicator has data
 * @throws {z.ZodError} for negative or non-finite weights
 */
export function compositeScore(
	rates: KpiRates,
	weights: Readonly<Record<KpiName, number>> = DEFAULT_KPI_WEIGHTS
): number | null {
	const w = kpiWeightsSchema.parse(weights);
	let sum = 0;
	let weight = 0;
	for (const name of KPI_NAMES) {
		const rate = rates[name];
		if (rate === null || w[name] === 0) continue;
		sum += w[name] * (KPI_DEFINITIONS[name].higherIsBetter ? rate : 1 - rate);
		weight += w[name];
	}
	return weight === 0 ? null : (100 * sum) / weight;
}

// --- Warning tiers ---------------------------------------------------------------------------

/**
 * Warning tiers, most severe first. DOMAIN.md (practice): red for what threatens safety or a mass
 * event, yellow for a surge, blue for routine risk.
 */
export const WARNING_TIERS = ['red', 'yellow', 'blue'] as const;
export type WarningTier = (typeof WARNING_TIERS)[number];

/** The most severe of several tiers, or null if none. */
export function worstTier(tiers: Iterable<WarningTier | null>): WarningTier | null {
	let worst: WarningTier | null = null;
	for (const t of tiers) {
		if (t !== null && (worst === null || WARNING_TIERS.indexOf(t) < WARNING_TIERS.indexOf(worst))) {
			worst = t;
		}
	}
	return worst;
}

/**
 * True when an indicator has been worse than its baseline for the last two periods in a row
 * (DOMAIN.md: "below baseline two weeks in a row"). For an indicator that is better low, such as
 * the rate of untimely garbage collection against a 10 % ceiling, "worse" means above.
 * Exactly at the baseline is meeting it, not a warning; a missing week (null) breaks the run.
 * @param series values oldest first, one per week
 * @example belowBaselineTwoWeeks([0.9, 0.79, 0.78], 0.8) // true
 * @example belowBaselineTwoWeeks([0.12, 0.11], 0.1, { higherIsBetter: false }) // true
 */
export function belowBaselineTwoWeeks(
	series: readonly (number | null)[],
	baseline: number,
	opts: { higherIsBetter?: boolean; weeks?: number } = {}
): boolean {
	const weeks = opts.weeks ?? 2;
	const higherIsBetter = opts.higherIsBetter ?? true;
	if (series.length < weeks) return false;
	return series
		.slice(-weeks)
		.every((v) => v !== null && (higherIsBetter ? v < baseline : v > baseline));
}

/**
 * A surge in volume: yellow when this week is up by at least `increase` on last week (default
 * 2, i.e. +200 %, three times last week's volume), exactly at the boundary included. From a
 * week with none, any volume is a surge (an unbounded rise) as long as it reaches `minVolume`
 * (default 1), which small areas may raise to keep 0 → 1 from flagging.
 * @example surge(30, 10) // 'yellow'
 * @example surge(29, 10) // null
 */
export function surge(
	thisWeek: number,
	lastWeek: number,
	opts: { increase?: number; minVolume?: number } = {}
): 'yellow' | null {
	const increase = opts.increase ?? 2;
	const minVolume = opts.minVolume ?? 1;
	for (const [name, v] of [
		['thisWeek', thisWeek],
		['lastWeek', lastWeek],
		['increase', increase],
		['minVolume', minVolume]
	] as const) {
		if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be ≥ 0, got ${v}`);
	}
	if (thisWeek < minVolume) return null;
	// Multiplying rather than dividing keeps the exact boundary exact (30 ≥ 10 × 3).
	return thisWeek >= lastWeek * (1 + increase) && thisWeek > lastWeek ? 'yellow' : null;
}

/** Overdue-count thresholds: a tier fires at or above its count. */
export const overdueThresholdsSchema = z
	.object({
		blue: z.number().int().positive().max(100_000),
		yellow: z.number().int().positive().max(100_000),
		red: z.number().int().positive().max(100_000)
	})
	.refine((t) => t.blue <= t.yellow && t.yellow <= t.red, {
		message: 'expected blue ≤ yellow ≤ red'
	});
export type OverdueThresholds = z.infer<typeof overdueThresholdsSchema>;

/** Practice defaults for one unit's open overdue cases: blue from 1, yellow from 5, red from 10. */
export const DEFAULT_OVERDUE_THRESHOLDS: OverdueThresholds = Object.freeze({
	blue: 1,
	yellow: 5,
	red: 10
});

/**
 * The warning tier for a count of overdue cases, or null below every threshold.
 * @example overdueTier(5) // 'yellow'
 */
export function overdueTier(
	count: number,
	thresholds: OverdueThresholds = DEFAULT_OVERDUE_THRESHOLDS
): WarningTier | null {
	const t = overdueThresholdsSchema.parse(thresholds);
	if (!Number.isInteger(count) || count < 0) {
		throw new RangeError(`count must be a non-negative integer, got ${count}`);
	}
	if (count >= t.red) return 'red';
	if (count >= t.yellow) return 'yellow';
	if (count >= t.blue) return 'blue';
	return null;
}

/**
 * Red when any open case threatens safety (an urgent category) or is flagged a mass event.
 * @example safetyTier(1) // 'red'
 */
export function safetyTier(openUrgentCases: number): 'red' | null {
	return openUrgentCases > 0 ? 'red' : null;
}
