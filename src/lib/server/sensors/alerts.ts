/**
 * Sensors and alerts as a viewer sees them (sensor.read, scoped to the viewer's subdistricts),
 * and an operator's acknowledge / resolve (alert.manage).
 */
import type { Actor } from '../../domain/actor';
import { scopeParam } from '../../domain/actor';
import { requireCapability, requireInScope, ScopeError } from '../../domain/permissions';
import type { Db, Queryable } from '../db';
import { DbError } from '../db';
import { UserInputError } from '../auth/users';
import { pgArray } from '../seed/context';
import { sql } from '../sql';

export interface SensorSummary {
	id: number;
	code: string;
	type: string;
	metrics: { name: string; unit: string; min: number; max: number }[];
	lon: number;
	lat: number;
	status: string;
}

export type AlertState = 'open' | 'acknowledged' | 'resolved';
export const ALERT_STATES: readonly AlertState[] = ['open', 'acknowledged', 'resolved'];

export interface AlertSummary {
	id: number;
	sensor: number;
	rule: number;
	severity: string;
	state: AlertState;
	openedAt: string;
	caseId: number | null;
}

/** A row of the operator queue: the alert with its sensor and rule. */
export interface AlertRow extends AlertSummary {
	value: number | null;
	message: string | null;
	acknowledgedAt: string | null;
	resolvedAt: string | null;
	sensorCode: string;
	sensorType: string;
	kind: string;
	ruleName: string;
	ruleNameEn: string;
	caseCategory: string | null;
}

export const SEVERITIES = ['red', 'yellow', 'blue'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface AlertFilter {
	sensor: number | null;
	state: AlertState | null;
	severity?: Severity | null;
	type?: string | null;
}

/** Most alerts one list returns (newest first). */
export const ALERT_LIST_LIMIT = 1000;

async function run<T extends Record<string, unknown>>(
	db: Queryable,
	attempt: string,
	name: string,
	params: unknown[]
): Promise<T[]> {
	try {
		return await db.query<T>(sql(`sensors/${name}`), params);
	} catch (e) {
		throw new DbError(attempt, e);
	}
}

function scope(actor: Actor): string | null {
	const s = scopeParam(actor);
	return s === null ? null : pgArray(s);
}

function iso(x: unknown): string {
	return (x instanceof Date ? x : new Date(String(x))).toISOString();
}

function alertOf(r: Record<string, unknown>): AlertSummary {
	return {
		id: Number(r.id),
		sensor: Number(r.sensor),
		rule: Number(r.rule),
		severity: String(r.severity),
		state: r.state as AlertState,
		openedAt: iso(r.openedAt),
		caseId: r.caseId === null || r.caseId === undefined ? null : Number(r.caseId)
	};
}

/**
 * The sensors in the viewer's scope.
 *
 * @param db - the database
 * @param actor - needs `sensor.read`
 * @param type - a sensor type code, or null for all
 * @returns sensors ordered by id
 * @throws UserInputError 400 for a malformed type
 * @example
 * await listSensors(db, actor, 'water_quality');
 */
export async function listSensors(
	db: Queryable,
	actor: Actor,
	type: string | null
): Promise<SensorSummary[]> {
	requireCapability(actor, 'sensor.read');
	if (type !== null && !/^[a-z_]{2,32}$/.test(type)) {
		throw new UserInputError(400, 'type: must be a sensor type code');
	}
	const rows = await run(db, 'listing sensors', 'sensor_list', [type, scope(actor)]);
	return rows.map((r) => ({
		id: Number(r.id),
		code: String(r.code),
		type: String(r.type),
		metrics: r.metrics as SensorSummary['metrics'],
		lon: Number(r.lon),
		lat: Number(r.lat),
		status: String(r.status)
	}));
}

/**
 * The sensor types with their names, for filters and labels (reference data, no scope).
 *
 * @param db - the database
 * @returns types ordered by code
 * @example
 * await listSensorTypes(db); // [{ code: 'manhole_tilt', name: '井盖倾斜传感器', … }]
 */
export async function listSensorTypes(
	db: Queryable
): Promise<{ code: string; name: string; nameEn: string; intervalS: number }[]> {
	const rows = await run(db, 'listing sensor types', 'sensor_types', []);
	return rows.map((r) => ({
		code: String(r.code),
		name: String(r.name),
		nameEn: String(r.nameEn),
		intervalS: Number(r.intervalS)
	}));
}

/**
 * The alerts in the viewer's scope, newest first (at most {@link ALERT_LIST_LIMIT}).
 *
 * @param db - the database
 * @param actor - needs `sensor.read`
 * @param filter - sensor id and/or state, each optional
 * @returns alerts
 * @example
 * await listAlerts(db, actor, { sensor: null, state: 'open' });
 */
export async function listAlerts(
	db: Queryable,
	actor: Actor,
	filter: AlertFilter
): Promise<AlertRow[]> {
	requireCapability(actor, 'sensor.read');
	const rows = await run(db, 'listing alerts', 'alert_list', [
		filter.sensor,
		filter.state,
		scope(actor),
		ALERT_LIST_LIMIT,
		filter.severity ?? null,
		filter.type ?? null
	]);
	const opt = (x: unknown) => (x === null || x === undefined ? null : iso(x));
	return rows.map((r) => ({
		...alertOf(r),
		value: r.value === null ? null : Number(r.value),
		message: (r.message as string | null) ?? null,
		acknowledgedAt: opt(r.acknowledgedAt),
		resolvedAt: opt(r.resolvedAt),
		sensorCode: String(r.sensorCode),
		sensorType: String(r.sensorType),
		kind: String(r.kind),
		ruleName: String(r.ruleName),
		ruleNameEn: String(r.ruleNameEn),
		caseCategory: (r.caseCategory as string | null) ?? null
	}));
}

/**
 * Parses the query of GET /api/alerts.
 *
 * @param params - the URL's search parameters
 * @returns the filter
 * @throws UserInputError 400 naming the bad parameter
 * @example
 * alertFilter(new URLSearchParams('state=open')); // { sensor: null, state: 'open', severity: null, type: null }
 */
export function alertFilter(params: URLSearchParams): AlertFilter {
	const s = params.get('sensor');
	const st = params.get('state');
	const sev = params.get('severity');
	const type = params.get('type');
	if (sev !== null && !SEVERITIES.includes(sev as Severity)) {
		throw new UserInputError(400, `severity: must be one of ${SEVERITIES.join(', ')}`);
	}
	if (type !== null && !/^[a-z_]{2,32}$/.test(type)) {
		throw new UserInputError(400, 'type: must be a sensor type code');
	}
	if (s !== null && (!/^[1-9][0-9]{0,9}$/.test(s) || Number(s) > 2 ** 31 - 1)) {
		throw new UserInputError(400, 'sensor: must be a sensor id');
	}
	if (st !== null && !ALERT_STATES.includes(st as AlertState)) {
		throw new UserInputError(400, `state: must be one of ${ALERT_STATES.join(', ')}`);
	}
	return {
		sensor: s === null ? null : Number(s),
		state: st as AlertState | null,
		severity: sev as Severity | null,
		type
	};
}

/**
 * Acknowledges or resolves an alert. Repeating the same step is a no-op that answers the alert;
 * acknowledging a resolved alert is a 409.
 *
 * @param db - the database
 * @param actor - needs `alert.manage`; the alert's sensor must be in scope (else 404)
 * @param id - alert id
 * @param to - 'acknowledged' or 'resolved'
 * @returns the alert after the step
 * @throws ScopeError (404) when missing or out of scope, UserInputError 409 when not allowed
 * @example
 * await transitionAlert(db, actor, 12, 'acknowledged');
 */
export async function transitionAlert(
	db: Db,
	actor: Actor,
	id: number,
	to: 'acknowledged' | 'resolved'
): Promise<AlertSummary> {
	requireCapability(actor, 'alert.manage');
	return db.transaction(async (tx) => {
		const [cur] = await run(tx, `reading alert ${id}`, 'alert_get', [id]);
		if (!cur) throw new ScopeError();
		requireInScope(actor, (cur.subdistrictCode as string | null) ?? null);
		if (cur.state === 'resolved' && to === 'acknowledged') {
			throw new UserInputError(409, 'Alert already resolved');
		}
		if (cur.state === to) return alertOf(cur);
		const [row] = await run(tx, `changing alert ${id} to ${to}`, 'alert_transition', [
			id,
			to,
			actor.userId
		]);
		return alertOf(row!);
	});
}
