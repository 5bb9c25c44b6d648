/**
 * Saved planner scenarios: CRUD (checked with the shared zod schema) and the comparison of two
 * scenarios' coverage side by side.
 */
import type { Actor } from '$lib/domain/actor';
import {
	applyChanges,
	scenarioInputSchema,
	type Scenario,
	type ScenarioInput,
	type ScenarioSummary
} from '$lib/planner/scenario';
import type { Db, Queryable } from '../db';
import { DbError } from '../db';
import { sql } from '../sql';
import { requireAnalysis, requireScenarioOwner, requireScenarioWrite } from './access';
import { scopedCells, coverageInMemory } from './coverage';
import { analysisData, supplyOf } from './data';
import { AnalysisInputError, ScenarioNotFoundError } from './errors';
import { totalsOf, type CoverageTotals } from './engine';

type Row = Record<string, unknown>;

/**
 * Checks a scenario body.
 *
 * @param body - the parsed JSON body
 * @returns the scenario input
 * @throws AnalysisInputError naming each bad field; nothing is written
 * @example
 * parseScenario({ name: 'A', serviceType: 'meal', params: { segment: 'all', radius: 500, detour: 1.3 }, changes: {} });
 */
export function parseScenario(body: unknown): ScenarioInput {
	const parsed = scenarioInputSchema.safeParse(body);
	if (!parsed.success) {
		throw new AnalysisInputError(
			parsed.error.issues.slice(0, 20).map((i) => {
				const path = i.path.map(String).join('.') || 'body';
				return i.code === 'unrecognized_keys'
					? `${path}: unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`
					: `${path}: ${i.message}`;
			})
		);
	}
	return parsed.data;
}

/**
 * The saved scenarios, newest first.
 *
 * @param db - the database
 * @param actor - needs `analysis.run`
 * @returns summaries without changes
 * @example
 * await listScenarios(db, actor);
 */
export async function listScenarios(db: Queryable, actor: Actor): Promise<ScenarioSummary[]> {
	requireAnalysis(actor);
	const rows = await run(db, 'listing scenarios', 'analysis/scenario_list', []);
	return rows.map((r) => shape(r) as unknown as ScenarioSummary);
}

/**
 * One scenario.
 *
 * @param db - the database
 * @param actor - needs `analysis.run`
 * @param id - scenario id
 * @returns the scenario with its changes
 * @throws ScenarioNotFoundError (404)
 * @example
 * await getScenario(db, actor, 3);
 */
export async function getScenario(db: Queryable, actor: Actor, id: number): Promise<Scenario> {
	requireAnalysis(actor);
	const [row] = await run(db, `reading scenario ${id}`, 'analysis/scenario_get', [id]);
	if (!row) throw new ScenarioNotFoundError();
	return shape(row) as unknown as Scenario;
}

/**
 * Saves a new scenario.
 *
 * @param db - the database
 * @param actor - needs `scenario.write`
 * @param body - the unparsed body
 * @returns the saved scenario
 * @throws AnalysisInputError on bad input (nothing written)
 * @example
 * await createScenario(db, actor, { name: '3 new meal points', serviceType: 'meal', params, changes });
 */
export async function createScenario(
	db: Queryable,
	actor: Actor,
	body: unknown
): Promise<Scenario> {
	requireScenarioWrite(actor);
	const input = parseScenario(body);
	const [row] = await run(db, 'saving a scenario', 'analysis/scenario_insert', [
		input.name,
		actor.userId,
		input.serviceType,
		JSON.stringify(input.params),
		JSON.stringify(input.changes)
	]);
	return shape(row!) as unknown as Scenario;
}

/**
 * Replaces a scenario.
 *
 * @param db - the database
 * @param actor - needs `scenario.write`
 * @param id - scenario id
 * @param body - the unparsed body
 * @returns the updated scenario
 * @throws AnalysisInputError on bad input, ScenarioNotFoundError when it does not exist,
 *   PermissionError (403) unless the actor owns it or is an admin
 * @example
 * await updateScenario(db, actor, 3, body);
 */
export async function updateScenario(
	db: Queryable,
	actor: Actor,
	id: number,
	body: unknown
): Promise<Scenario> {
	requireScenarioWrite(actor);
	const input = parseScenario(body);
	requireScenarioOwner(actor, (await getScenario(db, actor, id)).ownerId);
	const [row] = await run(db, `updating scenario ${id}`, 'analysis/scenario_update', [
		id,
		input.name,
		input.serviceType,
		JSON.stringify(input.params),
		JSON.stringify(input.changes)
	]);
	if (!row) throw new ScenarioNotFoundError();
	return shape(row) as unknown as Scenario;
}

/**
 * Deletes a scenario.
 *
 * @param db - the database
 * @param actor - needs `scenario.write`
 * @param id - scenario id
 * @returns nothing
 * @throws ScenarioNotFoundError when it does not exist, PermissionError (403) unless the actor
 *   owns it or is an admin
 * @example
 * await deleteScenario(db, actor, 3);
 */
export async function deleteScenario(db: Queryable, actor: Actor, id: number): Promise<void> {
	requireScenarioWrite(actor);
	requireScenarioOwner(actor, (await getScenario(db, actor, id)).ownerId);
	const rows = await run(db, `deleting scenario ${id}`, 'analysis/scenario_delete', [id]);
	if (rows.length === 0) throw new ScenarioNotFoundError();
}

/** One side of a comparison. */
export interface ScenarioOutcome {
	id: number;
	name: string;
	serviceType: string;
	/** Coverage with the existing points only (same parameters). */
	baseline: CoverageTotals;
	/** Coverage after the scenario's changes. */
	totals: CoverageTotals;
	/** Persons newly covered and newly uncovered relative to the baseline. */
	gained: number;
	lost: number;
	points: { active: number; added: number; removed: number; off: number; moved: number };
}

/**
 * Coverage of two scenarios side by side, each against its own baseline.
 *
 * @param db - the database
 * @param actor - needs `analysis.run`
 * @param a - first scenario id
 * @param b - second scenario id
 * @returns both outcomes
 * @example
 * const [left, right] = await compareScenarios(db, actor, 1, 2);
 */
export async function compareScenarios(
	db: Db,
	actor: Actor,
	a: number,
	b: number
): Promise<[ScenarioOutcome, ScenarioOutcome]> {
	requireAnalysis(actor);
	const [sa, sb] = await Promise.all([getScenario(db, actor, a), getScenario(db, actor, b)]);
	return [await outcome(db, actor, sa), await outcome(db, actor, sb)];
}

/**
 * The coverage outcome of one scenario.
 *
 * @param db - the database
 * @param actor - who is asking
 * @param s - the scenario
 * @returns baseline and scenario totals
 * @example
 * await scenarioOutcome(db, actor, scenario);
 */
export async function outcome(db: Queryable, actor: Actor, s: Scenario): Promise<ScenarioOutcome> {
	const data = await analysisData(db);
	const cells = scopedCells(data, actor);
	const existing = supplyOf(data, s.serviceType, s.params.status);
	const after = applyChanges(existing, s.changes).filter((p) => p.active);
	const params = { segment: s.params.segment, radius: s.params.radius, detour: s.params.detour };
	const before = coverageInMemory(cells, existing, params);
	const now = coverageInMemory(cells, after, params);
	let gained = 0;
	let lost = 0;
	for (let k = 0; k < cells.length; k++) {
		if (now.covered[k] && !before.covered[k]) gained += now.weights[k]!;
		if (!now.covered[k] && before.covered[k]) lost += now.weights[k]!;
	}
	return {
		id: s.id,
		name: s.name,
		serviceType: s.serviceType,
		baseline: totalsOf(before.weights, before.covered),
		totals: totalsOf(now.weights, now.covered),
		gained: Math.round(gained),
		lost: Math.round(lost),
		points: {
			active: after.length,
			added: s.changes.added.length,
			removed: s.changes.removed.length,
			off: s.changes.off.length,
			moved: s.changes.moved.length
		}
	};
}

async function run(
	db: Queryable,
	attempt: string,
	name: string,
	params: unknown[]
): Promise<Row[]> {
	try {
		return await db.query(sql(name), params);
	} catch (e) {
		throw new DbError(attempt, e);
	}
}

function shape(row: Row): Row {
	const out: Row = { ...row };
	for (const k of ['createdAt', 'updatedAt']) {
		const v = out[k];
		if (v instanceof Date) out[k] = v.toISOString();
	}
	if (typeof out.params === 'string') out.params = JSON.parse(out.params) as unknown;
	if (typeof out.changes === 'string') out.changes = JSON.parse(out.changes) as unknown;
	return out;
}
