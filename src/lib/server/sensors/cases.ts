/**
 * Alerts that become cases (issue 6 §4): a rule with `opens_case` and a case category opens a case
 * in the standard cycle through the case service's createIncident (source 'sensor'), linked both
 * ways (incident.sensor_alert_id, alert.incident_id). At most one open case per sensor and rule:
 * a later alert of the same pair joins the open case; the database enforces it with a partial
 * unique index (migration 00005). Operators can open a case from any alert by hand.
 */
import type { Actor } from '../../domain/actor';
import { requireCapability, requireInScope, ScopeError } from '../../domain/permissions';
import type { Db, Queryable } from '../db';
import { DbError } from '../db';
import { UserInputError } from '../auth/users';
import { createIncident } from '../incidents/service';
import { pgArray } from '../seed/context';
import { sql } from '../sql';

/** Who files the cases rules open: an operator-level system actor for the whole district. */
export const SENSOR_RULES_ACTOR: Actor = Object.freeze({
	role: 'operator',
	scope: 'all',
	userId: null,
	username: 'sensor-rules'
});

interface CaseCandidate {
	alertId: number;
	sensorId: number;
	ruleId: number;
	sensorCode: string;
	ruleName: string;
	category: string | null;
	severity: string;
	lon: number;
	lat: number;
	value: number | null;
	openCaseId: number | null;
	incidentId: number | null;
	subdistrictCode: string | null;
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
		throw e instanceof DbError ? e : new DbError(attempt, e);
	}
}

/** The case service takes a Db and opens its own transaction: run it inside ours instead. */
function within(tx: Queryable): Db {
	return {
		engine: tx.engine,
		query: (text, params) => tx.query(text, params),
		exec: (text) => tx.exec(text),
		transaction: (fn) => fn(tx),
		close: async () => {}
	};
}

const PRIORITY: Record<string, number> = { red: 1, yellow: 2, blue: 3 };

async function openOne(tx: Queryable, c: CaseCandidate, actor: Actor, category: string) {
	let caseId = c.openCaseId;
	if (caseId === null) {
		const created = await createIncident(within(tx), actor, {
			category,
			lon: c.lon,
			lat: c.lat,
			description: `${c.ruleName} — ${c.sensorCode}${c.value === null ? '' : ` (${c.value})`}`,
			priority: PRIORITY[c.severity] ?? 2,
			source: 'sensor'
		});
		caseId = created.id;
	}
	await run(tx, `linking alert ${c.alertId} to case ${caseId}`, 'alert_case_link', [
		c.alertId,
		caseId,
		c.sensorId,
		c.ruleId
	]);
	return caseId;
}

/**
 * Opens (or joins) the case of each newly opened alert whose rule opens cases; inside the caller's
 * transaction, so the alert and its case commit together.
 *
 * @param tx - the transaction that opened the alerts
 * @param alertIds - the alerts just opened
 * @returns the case ids, one per alert that got a case
 * @example
 * await openCasesForAlerts(tx, [41]);
 */
export async function openCasesForAlerts(
	tx: Queryable,
	alertIds: readonly number[]
): Promise<number[]> {
	if (alertIds.length === 0) return [];
	const rows = await run<CaseCandidate & Record<string, unknown>>(
		tx,
		'finding alerts that open cases',
		'alert_case_candidates',
		[pgArray(alertIds), true]
	);
	const out: number[] = [];
	for (const c of rows) {
		if (c.category === null || c.incidentId !== null) continue;
		out.push(await openOne(tx, c, SENSOR_RULES_ACTOR, c.category));
	}
	return out;
}

/**
 * An operator opens a case from an alert by hand (POST /api/alerts/{id}/case). The rule's case
 * category is used, else the one given. An alert that already has a case answers that case; a
 * pair with an open case joins it.
 *
 * @param db - the database
 * @param actor - needs `alert.manage` and `incident.create`; the sensor must be in scope (else 404)
 * @param alertId - the alert
 * @param category - a 5-digit subcategory code when the rule has none, else null
 * @returns the case id and whether it was created or joined now
 * @throws ScopeError 404, UserInputError 400 when no category is known, 409 for a resolved alert
 * @example
 * await openCaseFromAlert(db, actor, 12, null);
 */
export async function openCaseFromAlert(
	db: Db,
	actor: Actor,
	alertId: number,
	category: string | null
): Promise<{ caseId: number; created: boolean }> {
	requireCapability(actor, 'alert.manage');
	requireCapability(actor, 'incident.create');
	return db.transaction(async (tx) => {
		const [c] = await run<CaseCandidate & Record<string, unknown>>(
			tx,
			`reading alert ${alertId}`,
			'alert_case_candidates',
			[pgArray([alertId]), false]
		);
		if (!c) throw new ScopeError();
		requireInScope(actor, c.subdistrictCode);
		if (c.incidentId !== null) return { caseId: Number(c.incidentId), created: false };
		const [st] = await run<{ state: string }>(tx, `reading alert ${alertId}`, 'alert_get', [
			alertId
		]);
		if (st?.state === 'resolved') throw new UserInputError(409, 'Alert already resolved');
		const cat = c.category ?? category;
		if (cat === null) {
			throw new UserInputError(400, 'category: the rule has no case category; give one');
		}
		const joined = c.openCaseId !== null;
		const caseId = await openOne(tx, c, actor, cat);
		return { caseId, created: !joined };
	});
}
