/**
 * The leaders' indicator settings and warning rules, as data with defaults (DOMAIN.md marks the
 * tiers and thresholds as local practice: configurable, shipped as defaults). A deployment that
 * wants other rules passes its own list to `evaluateWarnings`; `warningRulesSchema` checks it.
 */
import { z } from 'zod';
import { KPI_NAMES, overdueThresholdsSchema } from '$lib/domain/kpi';

export interface IndicatorSettings {
	/** 12345 response: the unit took the case up within this many hours of the report. */
	responseLimitHours: number;
	/** Meal-service coverage of the elderly: walking radius in metres … */
	coverageRadiusM: number;
	/** … and walking distance ÷ straight-line distance (DOMAIN.md: 1.2–1.35). */
	coverageDetour: number;
	coverageService: 'meal' | 'daycare' | 'clinic' | 'station' | 'police';
}

export const DEFAULT_INDICATOR_SETTINGS: Readonly<IndicatorSettings> = Object.freeze({
	responseLimitHours: 24,
	coverageRadiusM: 500,
	coverageDetour: 1.3,
	coverageService: 'meal'
});

const tier = z.enum(['red', 'yellow', 'blue']);

/** An indicator worse than its baseline in each of the last two weeks (rolling 7-day windows). */
const baselineRule = z.strictObject({
	id: z.string().regex(/^[a-z0-9-]{2,40}$/),
	kind: z.literal('baseline'),
	tier,
	indicator: z.enum(KPI_NAMES),
	baseline: z.number().min(0).max(1),
	/** Fewer cases than this in the denominator in a week: no verdict for that week. */
	minDenominator: z.number().int().nonnegative().default(1)
});

/** One major category's weekly volume in a subdistrict up by `increase` (2 = +200 %). */
const surgeRule = z.strictObject({
	id: z.string().regex(/^[a-z0-9-]{2,40}$/),
	kind: z.literal('surge'),
	tier,
	increase: z.number().positive(),
	minVolume: z.number().int().positive()
});

/** Open cases past their stage deadline by more than `graceHours`, counted per subdistrict. */
const overdueRule = z.strictObject({
	id: z.string().regex(/^[a-z0-9-]{2,40}$/),
	kind: z.literal('overdue'),
	graceHours: z.number().nonnegative(),
	thresholds: overdueThresholdsSchema
});

/** Any open case of an urgent category (a threat to safety) in a subdistrict. */
const safetyRule = z.strictObject({
	id: z.string().regex(/^[a-z0-9-]{2,40}$/),
	kind: z.literal('safety'),
	tier
});

export const warningRuleSchema = z.discriminatedUnion('kind', [
	baselineRule,
	surgeRule,
	overdueRule,
	safetyRule
]);
export type WarningRule = z.infer<typeof warningRuleSchema>;
export const warningRulesSchema = z
	.array(warningRuleSchema)
	.refine((rules) => new Set(rules.map((r) => r.id)).size === rules.length, {
		message: 'rule ids must be unique'
	});

/**
 * The default rules. Baselines sit at the low end of published values (DOMAIN.md: on-time
 * closure 48–99.8 %), so they flag a subdistrict that slips rather than the district as a whole;
 * the demo data trips several of them (tests/db/indicators-warnings.test.ts checks that it does).
 */
export const DEFAULT_WARNING_RULES: readonly WarningRule[] = Object.freeze([
	{ id: 'safety', kind: 'safety', tier: 'red' },
	{
		id: 'overdue',
		kind: 'overdue',
		graceHours: 0,
		thresholds: { blue: 1, yellow: 5, red: 10 }
	},
	{ id: 'surge', kind: 'surge', tier: 'yellow', increase: 2, minVolume: 3 },
	{
		id: 'ontime-baseline',
		kind: 'baseline',
		tier: 'blue',
		indicator: 'onTimeRate',
		baseline: 0.85,
		minDenominator: 3
	},
	{
		id: 'satisfaction-baseline',
		kind: 'baseline',
		tier: 'yellow',
		indicator: 'satisfactionRate',
		baseline: 0.8,
		minDenominator: 3
	},
	{
		id: 'response-baseline',
		kind: 'baseline',
		tier: 'blue',
		indicator: 'responseRate',
		baseline: 0.8,
		minDenominator: 3
	}
] satisfies WarningRule[]);
