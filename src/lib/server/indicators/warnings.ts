/**
 * Leaders' warnings (DOMAIN.md "Warning tiers"): rules as data (the saved settings, else the
 * defaults in settings.ts; rules switched off are skipped) evaluated over the
 * whole district, recorded in `warning` (a new condition opens one, a holding one is refreshed
 * and keeps its acknowledgement, one that stopped is cleared), listed within the viewer's scope
 * with the cases behind each, and acknowledged with a note.
 */
import { scopeParam, type Actor } from '$lib/domain/actor';
import {
	belowBaselineTwoWeeks,
	computeRates,
	KPI_DEFINITIONS,
	overdueTier,
	surge,
	type CaseCounts,
	type WarningTier
} from '$lib/domain/kpi';
import { requireCapability, requireInScope, ScopeError } from '$lib/domain/permissions';
import type { WarningItem } from '$lib/leader/types';
import { UserInputError } from '../auth/users';
import { DbError, type Db, type Queryable } from '../db';
import { sql } from '../sql';
import { categoryWeeks, countRows } from './indicators';
import { chinaDate } from './params';
import {
	currentSettings,
	DEFAULT_INDICATOR_SETTINGS,
	warningRulesSchema,
	type WarningRule
} from './settings';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

type OpenCase = {
	id: number;
	number: string;
	subdistrictCode: string;
	overdue: boolean;
	urgent: boolean;
};

/** A warning that holds at the instant evaluated. */
export interface FiredWarning {
	rule: string;
	tier: WarningTier;
	area: string;
	subject: string;
	indicator: string | null;
	value: number | null;
	periodStart: string;
	periodEnd: string;
	incidentIds: number[];
	detail: Record<string, unknown>;
}

export interface EvaluateOptions {
	/** The instant evaluated (default now): weeks are the 7-day windows ending at it. */
	at?: Date;
	/** Default: the settings in force ({@link currentSettings}). */
	rules?: readonly WarningRule[];
}

/**
 * Which warnings hold at an instant, over the whole district (no writes).
 * @param db the database
 * @param opts the instant and the rules (defaults: now, the settings in force)
 * @returns the warnings that hold, one per rule, subdistrict and subject
 * @throws ZodError for invalid rules
 */
export async function findWarnings(
	db: Queryable,
	opts: EvaluateOptions = {}
): Promise<FiredWarning[]> {
	const rules = warningRulesSchema
		.parse(opts.rules ?? (await currentSettings(db)).rules)
		.filter((r) => r.enabled);
	const at = opts.at ?? new Date();
	const thisWeek = new Date(at.getTime() - WEEK);
	const lastWeek = new Date(at.getTime() - 2 * WEEK);
	const span = { periodStart: chinaDate(lastWeek), periodEnd: chinaDate(at) };
	const out: FiredWarning[] = [];
	// why: the cases behind baseline and surge warnings are fetched for all of them at once
	const cohorts: {
		w: FiredWarning;
		cohort: 'due' | 'accepted';
		from: Date;
		category: string | null;
	}[] = [];
	const cohort = (
		w: FiredWarning,
		kind: 'due' | 'accepted',
		from: Date,
		category: string | null
	) => {
		cohorts.push({ w, cohort: kind, from, category });
		return [] as number[];
	};

	const baseline = rules.filter((r) => r.kind === 'baseline');
	const surges = rules.filter((r) => r.kind === 'surge');
	const standing = rules.filter((r) => r.kind === 'overdue' || r.kind === 'safety');
	// why: the rules' inputs are independent reads: fetched at once, evaluated in rule order
	const [baselineRows, surgeRows, openCases] = await Promise.all([
		// one bulk query gives both weeks ("previous" = the week before last)
		baseline.length
			? countRows(
					db,
					null,
					{ level: 'subdistrict', period: { start: thisWeek, end: at, previousStart: lastWeek } },
					{ ...DEFAULT_INDICATOR_SETTINGS, coverageService: 'meal', coverageRadiusM: 0.01 }
				)
			: [],
		surges.length ? categoryWeeks(db, null, { period: { start: lastWeek, end: at } }) : [],
		Promise.all(
			standing.map(async (rule) => {
				try {
					return await db.query<OpenCase>(sql('indicators/open_cases'), [
						at,
						rule.kind === 'overdue' ? rule.graceHours : 0
					]);
				} catch (e) {
					throw new DbError('finding overdue and urgent cases', e);
				}
			})
		)
	]);

	if (baseline.length) {
		const rows = baselineRows;
		for (let k = 0; k + 1 < rows.length; k += 2) {
			const cur = rows[k]! as CaseCounts & { code: string };
			const prev = rows[k + 1]! as CaseCounts;
			for (const rule of baseline) {
				const def = KPI_DEFINITIONS[rule.indicator];
				const rate = (c: CaseCounts) =>
					c[def.denominator] < rule.minDenominator ? null : computeRates(c)[rule.indicator];
				const series = [rate(prev), rate(cur)];
				if (!belowBaselineTwoWeeks(series, rule.baseline, { higherIsBetter: def.higherIsBetter }))
					continue;
				const dueBased = def.denominator === 'due';
				const w: FiredWarning = {
					rule: rule.id,
					tier: rule.tier,
					area: cur.code,
					subject: '',
					indicator: rule.indicator,
					value: series[1]!,
					...span,
					incidentIds: [],
					detail: {
						baseline: rule.baseline,
						weeks: series,
						numerators: [prev[def.numerator], cur[def.numerator]],
						denominators: [prev[def.denominator], cur[def.denominator]]
					}
				};
				cohort(w, dueBased ? 'due' : 'accepted', lastWeek, null);
				out.push(w);
			}
		}
	}

	if (surges.length) {
		const rows = surgeRows;
		const weeks = new Map<
			string,
			{ sub: string; cat: string; name: string; n: [number, number] }
		>();
		for (const r of rows) {
			const key = `${r.subdistrictCode}|${r.category}`;
			let w = weeks.get(key);
			if (!w)
				weeks.set(key, (w = { sub: r.subdistrictCode, cat: r.category, name: r.name, n: [0, 0] }));
			if (r.week === 0 || r.week === 1) w.n[r.week] += Number(r.cases);
		}
		for (const rule of surges) {
			for (const w of weeks.values()) {
				if (!surge(w.n[1], w.n[0], rule)) continue;
				const fired: FiredWarning = {
					rule: rule.id,
					tier: rule.tier,
					area: w.sub,
					subject: w.cat,
					indicator: 'accepted',
					value: w.n[1],
					...span,
					incidentIds: [],
					detail: { category: w.cat, categoryName: w.name, lastWeek: w.n[0], thisWeek: w.n[1] }
				};
				cohort(fired, 'accepted', thisWeek, w.cat);
				out.push(fired);
			}
		}
	}

	if (cohorts.length) {
		let rows: { key: string; ids: number[] }[];
		try {
			rows = await db.query(sql('indicators/cohort_cases'), [
				cohorts.map((_, k) => String(k)),
				cohorts.map((c) => c.cohort),
				cohorts.map((c) => c.w.area),
				cohorts.map((c) => c.category),
				cohorts.map((c) => c.from.toISOString()),
				at
			]);
		} catch (e) {
			throw new DbError('finding the cases behind warnings', e);
		}
		for (const r of rows) cohorts[Number(r.key)]!.w.incidentIds = r.ids.map(Number);
	}

	for (const [k, rule] of standing.entries()) {
		const grace = rule.kind === 'overdue' ? rule.graceHours : 0;
		const open = openCases[k]!;
		const bySub = new Map<string, number[]>();
		for (const c of open) {
			if (rule.kind === 'overdue' ? !c.overdue : !c.urgent) continue;
			const ids = bySub.get(c.subdistrictCode) ?? [];
			ids.push(Number(c.id));
			bySub.set(c.subdistrictCode, ids);
		}
		for (const [sub, ids] of bySub) {
			const tier = rule.kind === 'overdue' ? overdueTier(ids.length, rule.thresholds) : rule.tier;
			if (!tier) continue;
			out.push({
				rule: rule.id,
				tier,
				area: sub,
				subject: '',
				indicator: null,
				value: ids.length,
				periodStart: chinaDate(at),
				periodEnd: chinaDate(at),
				incidentIds: ids,
				detail: rule.kind === 'overdue' ? { graceHours: grace, thresholds: rule.thresholds } : {}
			});
		}
	}
	return out;
}

/**
 * Evaluates the rules and records the result: new warnings open, holding ones are refreshed (an
 * acknowledgement stays), the rest are cleared. Serialised by an advisory lock, so two app
 * instances evaluating at once cannot both insert.
 * @returns how many hold and the ids cleared
 */
export async function evaluateWarnings(
	db: Db,
	opts: EvaluateOptions = {}
): Promise<{ holding: number; cleared: number[] }> {
	const inputs = await caseVersion(db);
	const fired = await findWarnings(db, opts);
	return db.transaction(async (tx) => {
		try {
			await tx.query('SELECT pg_advisory_xact_lock(4242008)');
			if (fired.length) await tx.query(sql('indicators/warning_upsert'), [JSON.stringify(fired)]);
			const cleared = await tx.query<{ id: number }>(sql('indicators/warning_clear'), [
				fired.map((f) => `${f.rule}|${f.area}|${f.subject}`)
			]);
			lastEvaluated.set(db, { at: Date.now(), inputs });
			return { holding: fired.length, cleared: cleared.map((r) => Number(r.id)) };
		} catch (e) {
			throw new DbError('recording warnings', e);
		}
	});
}

/** The last case change and the settings version, as one text (sql/queries/indicators/case_version). */
async function caseVersion(db: Queryable): Promise<string> {
	try {
		const [row] = await db.query<{ inputs: string }>(sql('indicators/case_version'));
		return String(row?.inputs ?? '');
	} catch (e) {
		throw new DbError('reading the case version', e);
	}
}

// why: a page load must stay cheap, so the warnings are re-evaluated only when a case or the
// settings changed since the last evaluation on this database handle, or when that is older than
// EVALUATE_EVERY_MS (time alone makes cases overdue)
const lastEvaluated = new WeakMap<object, { at: number; inputs: string }>();
export const EVALUATE_EVERY_MS = 30_000;

/**
 * Re-evaluates the warnings when a case changed since the last evaluation, when that is older
 * than EVALUATE_EVERY_MS, or when forced (a settings change).
 * @returns whether it evaluated
 */
export async function refreshWarnings(
	db: Db,
	opts: { force?: boolean; at?: Date } = {}
): Promise<boolean> {
	const last = lastEvaluated.get(db);
	if (
		!opts.force &&
		last &&
		Date.now() - last.at <= EVALUATE_EVERY_MS &&
		(await caseVersion(db)) === last.inputs
	) {
		return false;
	}
	await evaluateWarnings(db, { at: opts.at });
	return true;
}

/**
 * The live warnings in the actor's scope (cleared ones too with `includeCleared`), re-evaluated
 * first when a case changed or the last evaluation is stale ({@link refreshWarnings}), or when
 * asked to (`refresh`).
 * @throws PermissionError without `indicators.read`
 */
export async function listWarnings(
	db: Db,
	actor: Actor,
	opts: { includeCleared?: boolean; refresh?: boolean; at?: Date } = {}
): Promise<WarningItem[]> {
	requireCapability(actor, 'indicators.read');
	await refreshWarnings(db, { force: opts.refresh, at: opts.at });
	try {
		const rows = await db.query<WarningItem & { createdAt: Date | string }>(
			sql('indicators/warning_list'),
			[scopeParam(actor), opts.includeCleared ?? false]
		);
		const iso = (v: unknown) =>
			v === null || v === undefined ? null : new Date(v as string).toISOString();
		return rows.map((r) => ({
			...r,
			value: r.value === null ? null : Number(r.value),
			createdAt: iso(r.createdAt)!,
			updatedAt: iso(r.updatedAt)!,
			acknowledgedAt: iso(r.acknowledgedAt),
			clearedAt: iso(r.clearedAt)
		}));
	} catch (e) {
		throw new DbError('listing warnings', e);
	}
}

/**
 * Acknowledges a live warning with a note.
 * @throws PermissionError without `warning.ack`; ScopeError (404) for an unknown warning or one
 *   out of scope; UserInputError 409 for a cleared one
 */
export async function acknowledgeWarning(
	db: Queryable,
	actor: Actor,
	id: number,
	note: string
): Promise<{ id: number; state: string }> {
	requireCapability(actor, 'warning.ack');
	const [w] = await db.query<{ id: number; state: string; subdistrictCode: string }>(
		sql('indicators/warning_get'),
		[id]
	);
	if (!w) throw new ScopeError();
	requireInScope(actor, w.subdistrictCode);
	if (w.state === 'cleared') throw new UserInputError(409, 'The warning has cleared');
	const [row] = await db.query<{ id: number; state: string }>(sql('indicators/warning_ack'), [
		id,
		note,
		actor.userId
	]);
	if (!row) throw new UserInputError(409, 'The warning has cleared');
	return { id: Number(row.id), state: row.state };
}
