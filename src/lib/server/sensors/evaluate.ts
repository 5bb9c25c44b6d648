/**
 * Incremental evaluation of the arrival rules (threshold, rate, no activity; domain/sensor-rules)
 * on the readings a batch stored, inside the batch's transaction: state per (sensor, rule) in
 * rule_state, locked so concurrent batches for one sensor take turns; no history is rescanned.
 * An alert whose rule opens a case gets one (cases.ts), in the same transaction.
 */
import type { Queryable } from '../db';
import { DbError } from '../db';
import { pgArray } from '../seed/context';
import { sql } from '../sql';
import { stepRule, type RuleKind } from '../../domain/sensor-rules';
import { openCasesForAlerts } from './cases';

interface Rule {
	id: number;
	sensorType: string;
	kind: RuleKind;
	metric: string | null;
	params: unknown;
	name: string;
}

export interface StoredReading {
	sensorId: number;
	metric: string;
	/** epoch ms */
	ts: number;
	value: number;
}

/** What evaluation did, for tests and logs. */
export interface EvaluationResult {
	opened: number[];
	resolved: number[];
}

async function run<T extends Record<string, unknown>>(
	tx: Queryable,
	attempt: string,
	name: string,
	params: unknown[]
): Promise<T[]> {
	try {
		return await tx.query<T>(sql(`sensors/${name}`), params);
	} catch (e) {
		throw new DbError(attempt, e);
	}
}

/**
 * Evaluates the arrival rules of the sensors' types on newly stored readings.
 *
 * @param tx - the ingestion transaction
 * @param readings - the rows the insert stored (duplicates excluded)
 * @param typeOf - sensor id → sensor type code
 * @returns ids of the alerts opened and resolved
 * @example
 * await evaluateRules(tx, inserted, new Map([[12, 'water_quality']]));
 */
export async function evaluateRules(
	tx: Queryable,
	readings: readonly StoredReading[],
	typeOf: ReadonlyMap<number, string>
): Promise<EvaluationResult> {
	const result: EvaluationResult = { opened: [], resolved: [] };
	if (readings.length === 0) return result;
	const types = [...new Set(readings.map((r) => typeOf.get(Number(r.sensorId))!))];
	const rules = await run<Rule & Record<string, unknown>>(
		tx,
		'loading arrival rules',
		'arrival_rules',
		[pgArray(types)]
	);
	if (rules.length === 0) return result;
	const byTypeMetric = new Map<string, Rule[]>();
	for (const r of rules) {
		const k = `${r.sensorType}/${r.metric ?? ''}`;
		byTypeMetric.set(k, [...(byTypeMetric.get(k) ?? []), r]);
	}

	// Group the readings by (sensor, rule), each group in time order.
	const groups = new Map<string, { sensorId: number; rule: Rule; rows: StoredReading[] }>();
	for (const r of readings) {
		const sensorId = Number(r.sensorId);
		for (const rule of byTypeMetric.get(`${typeOf.get(sensorId)}/${r.metric}`) ?? []) {
			const k = `${sensorId}/${rule.id}`;
			let g = groups.get(k);
			if (!g) groups.set(k, (g = { sensorId, rule, rows: [] }));
			g.rows.push({ ...r, ts: Number(r.ts), value: Number(r.value) });
		}
	}
	if (groups.size === 0) return result;
	const list = [...groups.values()].sort(
		(a, b) => a.sensorId - b.sensorId || a.rule.id - b.rule.id
	);
	const pairs = [pgArray(list.map((g) => g.sensorId)), pgArray(list.map((g) => g.rule.id))];
	await run(tx, 'creating rule states', 'rule_state_ensure', pairs);
	const locked = await run<{
		sensorId: number;
		ruleId: number;
		state: unknown;
		alertOpen: boolean;
	}>(tx, 'locking rule states', 'rule_state_lock', pairs);
	const stateOf = new Map(locked.map((s) => [`${s.sensorId}/${s.ruleId}`, s]));

	const states: unknown[] = [];
	const open: { sensorId: number; ruleId: number; value: number; at: number; message: string }[] =
		[];
	const resolve: { sensorId: number; ruleId: number; at: number }[] = [];
	for (const g of list) {
		const saved = stateOf.get(`${g.sensorId}/${g.rule.id}`);
		let state: unknown = saved?.state ?? {};
		let alertOpen = saved?.alertOpen ?? false;
		g.rows.sort((a, b) => a.ts - b.ts);
		for (const r of g.rows) {
			const step = stepRule(g.rule.kind, g.rule.params, state, alertOpen, r.ts, r.value);
			state = step.state;
			alertOpen = step.alertOpen;
			if (step.event?.kind === 'open') {
				// Resolves are applied before opens, so resolve-then-reopen in one batch works.
				open.push({
					sensorId: g.sensorId,
					ruleId: g.rule.id,
					value: r.value,
					at: r.ts,
					message: `${g.rule.name}: ${r.metric} ${r.value}`
				});
			} else if (step.event?.kind === 'resolve') {
				// Opened and cleared within this one batch: nothing unresolved is left to show.
				const i = open.findIndex((o) => o.sensorId === g.sensorId && o.ruleId === g.rule.id);
				if (i >= 0) open.splice(i, 1);
				else resolve.push({ sensorId: g.sensorId, ruleId: g.rule.id, at: r.ts });
			}
		}
		states.push(state);
	}

	if (resolve.length > 0) {
		const rows = await run<{ id: number }>(tx, 'resolving alerts', 'alerts_resolve_auto', [
			pgArray(resolve.map((x) => x.sensorId)),
			pgArray(resolve.map((x) => x.ruleId)),
			pgArray(resolve.map((x) => new Date(x.at).toISOString()))
		]);
		result.resolved = rows.map((r) => Number(r.id));
	}
	if (open.length > 0) {
		const rows = await run<{ id: number }>(tx, 'opening alerts', 'alerts_open', [
			pgArray(open.map((x) => x.sensorId)),
			pgArray(open.map((x) => x.ruleId)),
			pgArray(open.map((x) => x.value)),
			pgArray(open.map((x) => x.message)),
			pgArray(open.map((x) => new Date(x.at).toISOString()))
		]);
		result.opened = rows.map((r) => Number(r.id));
		await openCasesForAlerts(tx, result.opened);
	}
	await run(tx, 'saving rule states', 'rule_state_save', [
		...pairs,
		pgArray(states.map((s) => JSON.stringify(s)))
	]);
	return result;
}
