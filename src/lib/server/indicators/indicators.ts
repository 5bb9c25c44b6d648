/**
 * The leaders' indicators (issue 8, DOMAIN.md "Indicators"): counts come from SQL
 * (sql/queries/indicators/*), one bulk query per level with the previous period in the same run;
 * rates and the composite score come from the pure formulas in lib/domain/kpi, so every rate is
 * exactly its numerator over its denominator, and the score uses the weights in force (the saved
 * settings, else the defaults). Every function takes the Actor, checks
 * `indicators.read` and keeps to the actor's scope.
 */
import { scopeParam, type Actor } from '$lib/domain/actor';
import {
	addCounts,
	COUNT_KEYS,
	compositeScore,
	computeRates,
	DEFAULT_KPI_WEIGHTS,
	emptyCounts,
	type CaseCounts,
	type KpiName
} from '$lib/domain/kpi';
import { requireCapability, requireInScope } from '$lib/domain/permissions';
import type {
	AreaIndicators,
	FunnelStep,
	HandlingTime,
	IndicatorLevel,
	OnTimeBucket,
	PeriodFigures,
	ServiceFigures,
	TrendSeries
} from '$lib/leader/types';
import { ONTIME_BUCKETS } from '$lib/leader/types';
import { DbError, type Db, type Queryable } from '../db';
import { sql } from '../sql';
import { chinaDate, type ParsedPeriod } from './params';
import { currentSettings, DEFAULT_INDICATOR_SETTINGS, type IndicatorSettings } from './settings';

type Weights = Readonly<Record<KpiName, number>>;

const DAY = 86_400_000;

type CountRow = CaseCounts & {
	code: string;
	level: string;
	name: string;
	nameEn: string | null;
	parentCode: string | null;
	period: 'current' | 'previous';
	residents: number;
	aged60: number;
	aged60Covered: number;
	staffCount: number | null;
};

export interface IndicatorQuery {
	/** 'all': both levels from the same pass over the cases. */
	level: IndicatorLevel | 'all';
	period: Pick<ParsedPeriod, 'start' | 'end' | 'previousStart'>;
	/** With level 'community': only the communities of this subdistrict. */
	parent?: string | null;
	/** Composite weights; default: those in force ({@link currentSettings}). */
	weights?: Weights;
}

/** Metres of latitude per degree, and a margin, for the index prefilter of the coverage test. */
function degreesFor(metres: number): number {
	return (metres / 111_320) * 1.05 + 1e-5;
}

/**
 * Fetches the raw count rows of one level and two periods (current, previous).
 * @throws DbError naming the attempt
 */
export async function countRows(
	db: Queryable,
	scope: string[] | null,
	q: IndicatorQuery,
	settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS
): Promise<CountRow[]> {
	const straight = settings.coverageRadiusM / settings.coverageDetour;
	const run = async (q0: Queryable) => {
		await q0.query(sql('indicators/jit_off'));
		return q0.query<CountRow>(sql('indicators/counts'), [
			q.level,
			q.period.start,
			q.period.end,
			q.period.previousStart,
			scope,
			settings.responseLimitHours,
			q.parent ?? null,
			straight,
			degreesFor(straight),
			settings.coverageService
		]);
	};
	try {
		// why: SET LOCAL needs a transaction; inside one already (a Queryable), just run
		return 'transaction' in db ? await (db as Db).transaction(run) : await run(db);
	} catch (e) {
		throw new DbError(`computing ${q.level} indicators`, e);
	}
}

function countsOf(row: CaseCounts): CaseCounts {
	return Object.fromEntries(COUNT_KEYS.map((k) => [k, Number(row[k])])) as CaseCounts;
}

/** Rates, score and service figures of one period's counts. */
export function figuresOf(
	counts: CaseCounts,
	people: Pick<ServiceFigures, 'residents' | 'aged60' | 'aged60Covered' | 'staffCount'>,
	weights: Weights
): PeriodFigures {
	const rates = computeRates(counts);
	const { residents, aged60, aged60Covered, staffCount } = people;
	return {
		...counts,
		...rates,
		score: compositeScore(rates, weights),
		residents,
		aged60,
		aged60Covered,
		staffCount,
		casesPer1000: residents > 0 ? (1000 * counts.accepted) / residents : null,
		residentsPerStaff: staffCount ? residents / staffCount : null,
		elderlyCoverage: aged60 > 0 ? aged60Covered / aged60 : null
	};
}

/**
 * Indicators of every area of a level in the actor's scope, for the period and the one before.
 * @param db the database
 * @param actor who is asking (needs `indicators.read`; sees only their subdistricts)
 * @param q level, period, optional parent subdistrict
 * @returns one row per area, ordered by code
 * @throws PermissionError without `indicators.read`; ScopeError for a parent out of scope
 * @example (await areaIndicators(db, leader, { level: 'subdistrict', period }))[0].onTimeRate
 */
export async function areaIndicators(
	db: Queryable,
	actor: Actor,
	q: IndicatorQuery,
	settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS
): Promise<AreaIndicators[]> {
	requireCapability(actor, 'indicators.read');
	if (q.parent) requireInScope(actor, q.parent);
	const weights = q.weights ?? (await currentSettings(db)).weights;
	return shapeRows(await countRows(db, scopeParam(actor), q, settings), weights).map(withoutLevel);
}

/**
 * Indicators of every subdistrict and every community in the actor's scope, from one pass over
 * the cases (the leaders' page at community level, the benchmark).
 * @throws PermissionError without `indicators.read`
 */
export async function allAreaIndicators(
	db: Queryable,
	actor: Actor,
	period: IndicatorQuery['period'],
	settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS,
	weights?: Weights
): Promise<{ subdistricts: AreaIndicators[]; communities: AreaIndicators[] }> {
	requireCapability(actor, 'indicators.read');
	const w = weights ?? (await currentSettings(db)).weights;
	const rows = shapeRows(
		await countRows(db, scopeParam(actor), { level: 'all', period }, settings),
		w
	);
	return {
		subdistricts: rows.filter((r) => r.level === 'subdistrict').map(withoutLevel),
		communities: rows.filter((r) => r.level === 'community').map(withoutLevel)
	};
}

function withoutLevel({ level: _level, ...r }: AreaIndicators & { level: string }): AreaIndicators {
	return r;
}

function shapeRows(rows: CountRow[], weights: Weights): (AreaIndicators & { level: string })[] {
	const out: (AreaIndicators & { level: string })[] = [];
	// why: the query orders by code, then period, so each area is a [current, previous] pair
	for (let k = 0; k + 1 < rows.length; k += 2) {
		const cur = rows[k]!;
		const prev = rows[k + 1]!;
		const people = {
			residents: Number(cur.residents),
			aged60: Number(cur.aged60),
			aged60Covered: Number(cur.aged60Covered),
			staffCount: cur.staffCount === null ? null : Number(cur.staffCount)
		};
		out.push({
			level: cur.level,
			code: cur.code,
			name: cur.name,
			nameEn: cur.nameEn,
			parentCode: cur.parentCode,
			...figuresOf(countsOf(cur), people, weights),
			previous: figuresOf(countsOf(prev), people, weights)
		});
	}
	return out;
}

/**
 * The whole scope's figures: counts added up, then rates computed once (never averaged), the
 * score with the given weights (those in force).
 */
export function totalOf(
	rows: readonly AreaIndicators[],
	weights: Weights
): {
	current: PeriodFigures;
	previous: PeriodFigures;
} {
	const people = (get: (r: AreaIndicators) => number) => rows.reduce((s, r) => s + get(r), 0);
	const staffed = rows.filter((r) => r.staffCount !== null);
	const p = {
		residents: people((r) => r.residents),
		aged60: people((r) => r.aged60),
		aged60Covered: people((r) => r.aged60Covered),
		staffCount: staffed.length ? staffed.reduce((s, r) => s + (r.staffCount ?? 0), 0) : null
	};
	return {
		current: figuresOf(addCounts(emptyCounts(), ...rows.map(countsOf)), p, weights),
		previous: figuresOf(
			addCounts(emptyCounts(), ...rows.map((r) => countsOf(r.previous))),
			p,
			weights
		)
	};
}

/**
 * The case-cycle funnel of the scope's accepted cohort: accepted → filed → dispatched → resolved
 * (closed) → rated satisfied. Each step is a subset of the one before.
 */
export function funnelOf(counts: CaseCounts): FunnelStep[] {
	return (['accepted', 'filed', 'dispatched', 'resolved', 'satisfied'] as const).map((step) => ({
		step,
		cases: counts[step]
	}));
}

interface ChartQuery {
	period: Pick<ParsedPeriod, 'start' | 'end'>;
	/** A subdistrict or community code to narrow to, or null for the whole scope. */
	area?: string | null;
}

async function areaScope(db: Queryable, actor: Actor, area: string | null | undefined) {
	requireCapability(actor, 'indicators.read');
	if (!area) return;
	const [row] = await db.query<{ sub: string }>(sql('indicators/area_subdistrict'), [area]);
	// why: an unknown area and one out of scope look the same (404), as for cases
	requireInScope(actor, row?.sub ?? null);
}

/** Raw weekly counts per subdistrict and major category (trends and the surge rule). */
export async function categoryWeeks(
	db: Queryable,
	scope: string[] | null,
	q: ChartQuery
): Promise<
	{
		subdistrictCode: string;
		category: string;
		name: string;
		nameEn: string;
		week: number;
		cases: number;
	}[]
> {
	try {
		return await db.query(sql('indicators/category_weeks'), [
			q.period.start,
			q.period.end,
			scope,
			q.area ?? null
		]);
	} catch (e) {
		throw new DbError('counting cases by week and category', e);
	}
}

/**
 * Cases accepted per week and major category over the period (the last week may be partial).
 * @throws PermissionError without `indicators.read`; ScopeError for an area out of scope
 */
export async function weeklyTrends(
	db: Queryable,
	actor: Actor,
	q: ChartQuery
): Promise<TrendSeries> {
	await areaScope(db, actor, q.area);
	const rows = await categoryWeeks(db, scopeParam(actor), q);
	const n = Math.ceil((q.period.end.getTime() - q.period.start.getTime()) / (7 * DAY));
	const weeks = Array.from({ length: n }, (_, k) =>
		chinaDate(new Date(q.period.start.getTime() + k * 7 * DAY))
	);
	const byCat = new Map<string, TrendSeries['series'][number]>();
	for (const r of rows) {
		let s = byCat.get(r.category);
		if (!s) {
			s = {
				category: r.category,
				name: r.name,
				nameEn: r.nameEn,
				cases: new Array<number>(n).fill(0)
			};
			byCat.set(r.category, s);
		}
		if (r.week >= 0 && r.week < n) s.cases[r.week]! += Number(r.cases);
	}
	return {
		weeks,
		series: [...byCat.values()].sort((a, b) => a.category.localeCompare(b.category))
	};
}

/**
 * How the cases due in the period ended: on time, late by ≤ 1 day, ≤ 3 days, more, or not closed.
 * @throws PermissionError without `indicators.read`; ScopeError for an area out of scope
 */
export async function onTimeDistribution(
	db: Queryable,
	actor: Actor,
	q: ChartQuery
): Promise<{ bucket: OnTimeBucket; cases: number }[]> {
	await areaScope(db, actor, q.area);
	let rows: { bucket: OnTimeBucket; cases: number }[];
	try {
		rows = await db.query(sql('indicators/ontime'), [
			q.period.start,
			q.period.end,
			scopeParam(actor),
			q.area ?? null
		]);
	} catch (e) {
		throw new DbError('computing the on-time distribution', e);
	}
	const got = new Map(rows.map((r) => [r.bucket, Number(r.cases)]));
	return ONTIME_BUCKETS.map((bucket) => ({ bucket, cases: got.get(bucket) ?? 0 }));
}

/**
 * Average handling time (dispatch → handled) by major category over cases handled in the period.
 * @throws PermissionError without `indicators.read`; ScopeError for an area out of scope
 */
export async function handlingTimes(
	db: Queryable,
	actor: Actor,
	q: ChartQuery
): Promise<HandlingTime[]> {
	await areaScope(db, actor, q.area);
	try {
		const rows = await db.query<HandlingTime>(sql('indicators/handling_time'), [
			q.period.start,
			q.period.end,
			scopeParam(actor),
			q.area ?? null
		]);
		return rows.map((r) => ({ ...r, cases: Number(r.cases), avgHours: Number(r.avgHours) }));
	} catch (e) {
		throw new DbError('computing handling times', e);
	}
}

/**
 * The case-cycle funnel of the scope, or of one area in it, over the period.
 * @throws PermissionError without `indicators.read`; ScopeError for an area out of scope
 */
export async function funnel(
	db: Queryable,
	actor: Actor,
	q: ChartQuery & { period: ParsedPeriod | IndicatorQuery['period'] }
): Promise<FunnelStep[]> {
	await areaScope(db, actor, q.area);
	const period = { start: q.period.start, end: q.period.end, previousStart: q.period.start };
	// why: the funnel is counts only; the score (and so the weights) plays no part
	const weights = DEFAULT_KPI_WEIGHTS;
	let rows: AreaIndicators[];
	if (!q.area) {
		rows = await areaIndicators(db, actor, { level: 'subdistrict', period, weights });
	} else {
		const [sub] = await db.query<{ sub: string }>(sql('indicators/area_subdistrict'), [q.area]);
		const level = sub?.sub === q.area ? 'subdistrict' : 'community';
		rows = (
			await areaIndicators(db, actor, { level, period, parent: sub?.sub ?? null, weights })
		).filter((r) => r.code === q.area);
	}
	return funnelOf(totalOf(rows, weights).current);
}
