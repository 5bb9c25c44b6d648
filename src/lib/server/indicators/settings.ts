/**
 * The leaders' indicator settings and warning rules, as data with defaults (DOMAIN.md marks the
 * tiers and thresholds as local practice: configurable, shipped as defaults). The composite
 * weights and the rules an admin saves live in `indicator_settings` (one row per version,
 * migration 00004); with none saved, the defaults below apply (version 0). `settingsInputSchema`
 * checks what an admin sends; {@link currentSettings} reads what is in force.
 */
import { z } from 'zod';
import {
	DEFAULT_KPI_WEIGHTS,
	KPI_NAMES,
	overdueThresholdsSchema,
	type KpiName
} from '$lib/domain/kpi';
import { DbError, type Queryable } from '../db';
import { sql } from '../sql';

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
const ruleId = z.string().regex(/^[a-z0-9-]{2,40}$/, 'expected 2–40 of a–z, 0–9 and -');
/** A rule that is off stays in the list (and keeps its values) but never fires. */
const enabled = z.boolean().default(true);
/** Case counts a rule compares with: whole numbers up to this. */
const MAX_COUNT = 100_000;

/** An indicator worse than its baseline in each of the last two weeks (rolling 7-day windows). */
const baselineRule = z.strictObject({
	id: ruleId,
	kind: z.literal('baseline'),
	enabled,
	tier,
	indicator: z.enum(KPI_NAMES),
	baseline: z.number().min(0).max(1),
	/** Fewer cases than this in the denominator in a week: no verdict for that week. */
	minDenominator: z.number().int().nonnegative().max(MAX_COUNT).default(1)
});

/** One major category's weekly volume in a subdistrict up by `increase` (2 = +200 %). */
const surgeRule = z.strictObject({
	id: ruleId,
	kind: z.literal('surge'),
	enabled,
	tier,
	/** 2 = +200 % week on week; at most +10,000 %. */
	increase: z.number().positive().max(100),
	minVolume: z.number().int().positive().max(MAX_COUNT)
});

/** Open cases past their stage deadline by more than `graceHours`, counted per subdistrict. */
const overdueRule = z.strictObject({
	id: ruleId,
	kind: z.literal('overdue'),
	enabled,
	/** At most 30 days. */
	graceHours: z.number().nonnegative().max(720),
	thresholds: overdueThresholdsSchema
});

/** Any open case of an urgent category (a threat to safety) in a subdistrict. */
const safetyRule = z.strictObject({
	id: ruleId,
	kind: z.literal('safety'),
	enabled,
	tier
});

export const warningRuleSchema = z.discriminatedUnion('kind', [
	baselineRule,
	surgeRule,
	overdueRule,
	safetyRule
]);
/** A rule as written (defaults may be left out). */
export type WarningRule = z.input<typeof warningRuleSchema>;
/** A rule as checked, every default filled in. */
export type CheckedWarningRule = z.output<typeof warningRuleSchema>;
export const warningRulesSchema = z
	.array(warningRuleSchema)
	.max(50)
	.superRefine((rules, ctx) => {
		const seen = new Set<string>();
		rules.forEach((r, k) => {
			if (seen.has(r.id)) {
				ctx.addIssue({
					code: 'custom',
					path: [k, 'id'],
					message: `rule ids must be unique: "${r.id}" is used twice`
				});
			}
			seen.add(r.id);
		});
	});

/** Composite weights: every indicator, non-negative, at most 1,000, adding up to more than 0. */
export const weightsSchema = z
	.strictObject(
		Object.fromEntries(KPI_NAMES.map((k) => [k, z.number().nonnegative().max(1000)])) as Record<
			KpiName,
			z.ZodNumber
		>
	)
	.refine((w) => Object.values(w).reduce((a, b) => a + b, 0) > 0, {
		message: 'the weights must add up to more than 0'
	});

/**
 * What an admin sends to change the settings. `version` is the version the edit started from
 * (optional; when given, a save on top of someone else's is refused with 409).
 */
export const settingsInputSchema = z.strictObject({
	version: z.number().int().nonnegative().optional(),
	weights: weightsSchema,
	rules: warningRulesSchema
});
export type SettingsInput = z.input<typeof settingsInputSchema>;

/** The settings in force. */
export interface StoredSettings {
	/** 0: nothing saved yet, the code defaults. */
	version: number;
	weights: Record<KpiName, number>;
	rules: CheckedWarningRule[];
	updatedAt: string | null;
	updatedBy: string | null;
}

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

/** The code defaults as settings (version 0): the initial values and the fallback. */
export function defaultSettings(): StoredSettings {
	return {
		version: 0,
		weights: { ...DEFAULT_KPI_WEIGHTS },
		rules: warningRulesSchema.parse(DEFAULT_WARNING_RULES),
		updatedAt: null,
		updatedBy: null
	};
}

/**
 * The settings in force: the latest saved version, or the code defaults when none was saved.
 * A saved version that no longer passes the schema (the code changed since) falls back to the
 * defaults for that part, so the leaders' page keeps working; the next save replaces it.
 * @throws DbError when the database cannot be read
 */
export async function currentSettings(db: Queryable): Promise<StoredSettings> {
	let row:
		| {
				version: number;
				weights: unknown;
				rules: unknown;
				updatedAt: Date | string;
				updatedBy: string | null;
		  }
		| undefined;
	try {
		[row] = await db.query(sql('indicators/settings_get'));
	} catch (e) {
		throw new DbError('reading the indicator settings', e);
	}
	const defaults = defaultSettings();
	if (!row) return defaults;
	const weights = weightsSchema.safeParse(row.weights);
	const rules = warningRulesSchema.safeParse(row.rules);
	return {
		version: Number(row.version),
		weights: weights.success ? weights.data : defaults.weights,
		rules: rules.success ? rules.data : defaults.rules,
		updatedAt: new Date(row.updatedAt).toISOString(),
		updatedBy: row.updatedBy
	};
}
