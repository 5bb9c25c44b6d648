/**
 * The case service on a real engine (PGlite; PostgreSQL with TEST_DATABASE_URL, as the app role
 * in CI): creation, the full cycle with its deadlines, return and rework, optimistic concurrency,
 * scope, duplicates and the deadline-sorted queue.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import { DEFAULT_CALENDAR, isWorkingDay, isWorkingTime } from '../../src/lib/domain/calendar';
import type { CaseAction } from '../../src/lib/domain/cases';
import { categoryByCode } from '../../src/lib/domain/categories';
import { PermissionError, ScopeError } from '../../src/lib/domain/permissions';
import { stageDeadline } from '../../src/lib/domain/sla';
import { readIncidentContact } from '../../src/lib/server/auth/personal';
import { SYSTEM_ACTOR } from '../../src/lib/server/auth/demo-users';
import { createUser } from '../../src/lib/server/auth/users';
import { IncidentError } from '../../src/lib/server/incidents/errors';
import {
	createIncident,
	findLikelyDuplicates,
	getIncident,
	listQueue,
	transitionIncident,
	type IncidentDetail
} from '../../src/lib/server/incidents/service';
import { testDb, type TestDb } from '../setup/test-db';

const RUBBISH = '20101';
const HOUR = 3_600_000;
/** Tuesday 24 November 2026, 10:00 China time: a working morning. */
const T0 = new Date('2026-11-24T02:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

let db: TestDb;
let subA: string;
let subB: string;
let pointA: { lon: number; lat: number };
let pointB: { lon: number; lat: number };
let deptUser: number;
let urbanUser: number;

const staff = (role: Actor['role'], scope: Actor['scope'] = 'all', userId: number | null = null) =>
	({ role, scope, userId, username: `t-${role}` }) as Actor;
const supervisor = staff('supervisor');
const operator = staff('operator');
const gridworker = staff('gridworker');
let department: Actor;

beforeAll(async () => {
	db = await testDb();
	const rows = await db.query<{ code: string; lon: number; lat: number }>(
		`SELECT DISTINCT ON (subdistrict_code) subdistrict_code AS code,
		        ST_X(geom) AS lon, ST_Y(geom) AS lat
		 FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY subdistrict_code, id`
	);
	expect(rows.length).toBeGreaterThanOrEqual(2);
	[subA, subB] = [rows[0]!.code, rows[1]!.code];
	pointA = { lon: rows[0]!.lon, lat: rows[0]!.lat };
	pointB = { lon: rows[1]!.lon, lat: rows[1]!.lat };
	const u = await createUser(db, SYSTEM_ACTOR, {
		username: 'sanitation-clerk',
		displayName: 'Sanitation clerk',
		password: 'sanitation-password-1',
		role: 'operator',
		scope: 'all',
		departmentCode: 'sanitation'
	});
	deptUser = u.id;
	department = staff('operator', 'all', deptUser);
	urbanUser = (
		await createUser(db, SYSTEM_ACTOR, {
			username: 'urban-clerk',
			displayName: 'Urban management clerk',
			password: 'urban-password-1',
			role: 'operator',
			scope: 'all',
			departmentCode: 'urban_management'
		})
	).id;
}, 120_000);
afterAll(async () => {
	await db?.close();
});

async function count(table: string, where: string, params: unknown[]): Promise<number> {
	const [r] = await db.query<{ n: number }>(
		`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`,
		params
	);
	return r!.n;
}

async function report(
	point = pointA,
	now = T0,
	extra: Record<string, unknown> = {}
): Promise<number> {
	const c = await createIncident(
		db,
		gridworker,
		{ category: RUBBISH, ...point, description: '路边垃圾堆积', ...extra },
		{ now }
	);
	return c.id;
}

async function move(
	actor: Actor,
	id: number,
	action: CaseAction,
	now: Date,
	extra: Record<string, unknown> = {}
): Promise<IncidentDetail> {
	const current = await getIncident(db, SYSTEM_ACTOR, id);
	return transitionIncident(
		db,
		actor,
		id,
		{ action, expectedVersion: current.version, ...extra },
		{ now }
	);
}

describe('createIncident', () => {
	it('places the case and writes one event and one change_log row', async () => {
		const created = await createIncident(
			db,
			staff('public', []),
			{
				category: RUBBISH,
				...pointA,
				description: '小区门口垃圾',
				contact: { name: '王女士', phone: '13800000000' }
			},
			{ now: T0 }
		);
		expect(created.subdistrictCode).toBe(subA);
		expect(created.trackingCode).toMatch(/^[A-Z0-9]{10}$/);
		expect(created.state).toBe('reported');
		const limit = categoryByCode(RUBBISH)!.limits.filing;
		expect(created.deadlineAt).toBe(stageDeadline(T0, limit, DEFAULT_CALENDAR).toISOString());
		expect(await count('incident_event', 'incident_id = $1', [created.id])).toBe(1);
		expect(
			await count('change_log', "kind = 'incident' AND entity_id = $1 AND op = 'insert'", [
				created.id
			])
		).toBe(1);
		const detail = await getIncident(db, supervisor, created.id);
		expect(detail.source).toBe('resident');
		expect(detail.events.map((e) => [e.action, e.role])).toEqual([['report', 'resident']]);
		expect(detail.contact).toEqual({ name: '王女士', phone: '13800000000', email: null });
	});

	it('refuses a point outside the district and writes nothing', async () => {
		const before = await count('incident', 'true', []);
		const logs = await count('change_log', "kind = 'incident'", []);
		await expect(
			createIncident(
				db,
				gridworker,
				{ category: RUBBISH, lon: 100, lat: 30, description: 'far away', contact: { name: 'x' } },
				{ now: T0 }
			)
		).rejects.toMatchObject({ status: 400, code: 'outside_district' });
		expect(await count('incident', 'true', [])).toBe(before);
		expect(await count('change_log', "kind = 'incident'", [])).toBe(logs);
	});

	it('names the bad field and refuses roles that may not report', async () => {
		await expect(
			createIncident(db, gridworker, { category: '99999', ...pointA, description: 'x' })
		).rejects.toThrow(/category/);
		await expect(
			createIncident(db, gridworker, { category: RUBBISH, ...pointA, description: '' })
		).rejects.toThrow(/description/);
		await expect(
			createIncident(db, staff('leader'), { category: RUBBISH, ...pointA, description: 'x' })
		).rejects.toBeInstanceOf(PermissionError);
	});
});

describe('transitionIncident', () => {
	it('walks the happy path with the right roles, events and deadlines', async () => {
		const id = await report();
		const L = categoryByCode(RUBBISH)!.limits;
		const cal = DEFAULT_CALENDAR;
		let c = await move(supervisor, id, 'file', at(10 * 60_000));
		expect(c.state).toBe('filed');
		expect(c.stage).toBe('filing');
		c = await move(operator, id, 'dispatch', at(20 * 60_000));
		expect(c.state).toBe('dispatched');
		// The duty list routes exposed rubbish to sanitation.
		expect(c.departmentCode).toBe('sanitation');
		expect(c.parts.map((p) => [p.department, p.state])).toEqual([['sanitation', 'dispatched']]);
		const handlingDeadline = stageDeadline(at(20 * 60_000), L.handling, cal);
		expect(c.stage).toBe('handling');
		expect(c.deadlineAt).toBe(handlingDeadline.toISOString());
		expect(c.dueAt).toBe(handlingDeadline.toISOString());
		expect(isWorkingDay(handlingDeadline, cal)).toBe(true);
		expect(isWorkingTime(handlingDeadline, cal, { includeEnd: true })).toBe(true);

		// Command staff without the department's account may not accept for it.
		await expect(move(operator, id, 'accept', at(HOUR))).rejects.toMatchObject({
			status: 403
		});
		c = await move(department, id, 'accept', at(HOUR));
		expect(c.state).toBe('in_progress');
		expect(c.respondedAt).toBe(at(HOUR).toISOString());
		c = await move(department, id, 'handle', at(3 * HOUR), { note: '已清理' });
		expect(c.state).toBe('handled');
		expect(c.stage).toBe('verification');
		const vDeadline = stageDeadline(at(3 * HOUR), L.verification, cal);
		expect(c.deadlineAt).toBe(vDeadline.toISOString());
		expect(isWorkingTime(vDeadline, cal, { includeEnd: true })).toBe(true);
		c = await move(gridworker, id, 'verify', at(3.5 * HOUR));
		expect(c.state).toBe('verified');
		c = await move(supervisor, id, 'close', at(4 * HOUR));
		expect(c.state).toBe('closed');
		expect(c.closedOnTime).toBe(true);
		expect(c.stage).toBeNull();
		expect(c.deadlineAt).toBeNull();
		expect(c.filedAt).toBe(at(10 * 60_000).toISOString());
		expect(c.closedAt).toBe(at(4 * HOUR).toISOString());
		expect(c.events.map((e) => [e.seq, e.action, e.from, e.to, e.role])).toEqual([
			[1, 'report', null, 'reported', 'gridworker'],
			[2, 'file', 'reported', 'filed', 'supervision'],
			[3, 'dispatch', 'filed', 'dispatched', 'command'],
			[4, 'accept', 'dispatched', 'in_progress', 'department'],
			[5, 'handle', 'in_progress', 'handled', 'department'],
			[6, 'verify', 'handled', 'verified', 'gridworker'],
			[7, 'close', 'verified', 'closed', 'supervision']
		]);
		expect(c.events[4]!.note).toBe('已清理');
		expect(c.version).toBe(7);
		expect(
			await count('change_log', "kind = 'incident' AND entity_id = $1 AND op = 'update'", [id])
		).toBe(6);
		expect(c.actions).toEqual([]);
	});

	it('returns and re-routes, counting the return', async () => {
		const id = await report();
		await move(supervisor, id, 'file', at(5 * 60_000));
		await move(operator, id, 'dispatch', at(10 * 60_000));
		await expect(move(department, id, 'return', at(HOUR))).rejects.toMatchObject({
			status: 422,
			code: 'reason_required'
		});
		let c = await move(department, id, 'return', at(HOUR), { reason: '非本单位职责' });
		expect(c.state).toBe('returned');
		expect(c.returnCount).toBe(1);
		expect(c.stage).toBe('filing');
		expect(c.parts[0]!.state).toBe('returned');
		c = await move(operator, id, 'reroute', at(2 * HOUR), { departments: ['urban_management'] });
		expect(c.state).toBe('dispatched');
		expect(c.departmentCode).toBe('urban_management');
		expect(c.deadlineAt).toBe(
			stageDeadline(
				at(2 * HOUR),
				categoryByCode(RUBBISH)!.limits.handling,
				DEFAULT_CALENDAR
			).toISOString()
		);
		expect(c.parts.map((p) => [p.department, p.state]).sort()).toEqual([
			['sanitation', 'returned'],
			['urban_management', 'dispatched']
		]);
		// The sanitation clerk no longer acts on it.
		await expect(move(department, id, 'accept', at(3 * HOUR))).rejects.toMatchObject({
			status: 403
		});
	});

	it('fails verification, reopens and counts rework', async () => {
		const id = await report();
		await move(supervisor, id, 'file', at(5 * 60_000));
		await move(operator, id, 'dispatch', at(10 * 60_000));
		await move(department, id, 'accept', at(HOUR));
		await move(department, id, 'handle', at(2 * HOUR));
		let c = await move(gridworker, id, 'fail_verification', at(2.5 * HOUR), {
			reason: '现场核查未处置到位'
		});
		expect(c.state).toBe('reopened');
		expect(c.reworkCount).toBe(1);
		c = await move(operator, id, 'redispatch', at(3 * HOUR));
		expect(c.state).toBe('dispatched');
		expect(c.departmentCode).toBe('sanitation');
		expect(c.parts[0]!.state).toBe('dispatched');
		expect(c.reworkCount).toBe(1);
	});

	it('refuses an illegal move with 409 and the current case', async () => {
		const id = await report();
		const err = await move(supervisor, id, 'close', at(HOUR)).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(IncidentError);
		expect(err).toMatchObject({ status: 409, code: 'illegal_transition' });
		expect((err as IncidentError).incident).toMatchObject({ id, state: 'reported' });
		await expect(
			transitionIncident(db, staff('leader'), id, { action: 'file', expectedVersion: 1 })
		).rejects.toBeInstanceOf(PermissionError);
	});

	it('lets exactly one of two simultaneous moves win; the other gets 409 and the fresh state', async () => {
		const id = await report();
		const results = await Promise.allSettled([
			transitionIncident(
				db,
				supervisor,
				id,
				{ action: 'file', expectedVersion: 1 },
				{ now: at(60_000) }
			),
			transitionIncident(
				db,
				supervisor,
				id,
				{ action: 'reject', expectedVersion: 1, reason: 'dup' },
				{ now: at(60_000) }
			)
		]);
		const won = results.filter((r) => r.status === 'fulfilled');
		const lost = results.filter((r) => r.status === 'rejected');
		expect(won).toHaveLength(1);
		expect(lost).toHaveLength(1);
		const err = (lost[0] as PromiseRejectedResult).reason as IncidentError;
		expect(err).toBeInstanceOf(IncidentError);
		expect(err.status).toBe(409);
		expect(err.code).toBe('version_conflict');
		const winner = (won[0] as PromiseFulfilledResult<IncidentDetail>).value;
		expect(err.incident).toMatchObject({ version: 2, state: winner.state });
		expect(await count('incident_event', 'incident_id = $1', [id])).toBe(2);
	});

	it('merges a duplicate; its reporter contact follows the master', async () => {
		const master = await report();
		const dup = await report(pointA, T0, { contact: { phone: '13900000000' } });
		const c = await move(supervisor, dup, 'merge', at(HOUR), {
			reason: '重复上报',
			mergeInto: master
		});
		expect(c.state).toBe('merged');
		expect(c.mergedInto).toBe(master);
		expect(c.events.at(-1)!.note).toMatch(/contact moved/);
		expect((await getIncident(db, supervisor, master)).contact).toMatchObject({
			phone: '13900000000'
		});
		expect((await getIncident(db, supervisor, dup)).contact).toBeNull();
	});
});

describe('joint dispatch (吹哨报到)', () => {
	it('tracks each department’s part; the case is handled and closed only when all are done', async () => {
		const urban = staff('operator', 'all', urbanUser);
		const id = await report();
		await move(supervisor, id, 'file', at(5 * 60_000));
		let c = await move(operator, id, 'dispatch', at(10 * 60_000), {
			departments: ['sanitation', 'urban_management']
		});
		expect(c.state).toBe('dispatched');
		expect(c.departmentCode).toBe('sanitation');
		expect(c.events.at(-1)!.note).toContain('吹哨报到');
		expect(c.parts.map((p) => [p.department, p.state]).sort()).toEqual([
			['sanitation', 'dispatched'],
			['urban_management', 'dispatched']
		]);
		const deadline = c.deadlineAt;
		c = await move(department, id, 'accept', at(HOUR));
		expect(c.state).toBe('in_progress');
		c = await move(urban, id, 'accept', at(1.5 * HOUR));
		expect(c.state).toBe('in_progress');
		expect(c.events.at(-1)).toMatchObject({
			action: 'accept',
			from: 'in_progress',
			to: 'in_progress',
			department: 'urban_management'
		});
		c = await move(department, id, 'handle', at(2 * HOUR));
		// Urban management is still working: the case is not handled yet.
		expect(c.state).toBe('in_progress');
		expect(c.deadlineAt).toBe(deadline);
		await expect(move(department, id, 'handle', at(2.2 * HOUR))).rejects.toMatchObject({
			status: 409
		});
		c = await move(urban, id, 'handle', at(3 * HOUR));
		expect(c.state).toBe('handled');
		expect(c.stage).toBe('verification');
		expect(c.parts.every((p) => p.state === 'handled')).toBe(true);
		await move(supervisor, id, 'verify', at(3.5 * HOUR));
		c = await move(supervisor, id, 'close', at(4 * HOUR));
		expect(c.state).toBe('closed');
		expect(c.closedOnTime).toBe(true);
		expect(c.events.map((e) => e.action)).toEqual([
			'report',
			'file',
			'dispatch',
			'accept',
			'accept',
			'handle',
			'handle',
			'verify',
			'close'
		]);
	});

	it('a part returned by one department does not hold up the others', async () => {
		const urban = staff('operator', 'all', urbanUser);
		const id = await report();
		await move(supervisor, id, 'file', at(5 * 60_000));
		await move(operator, id, 'dispatch', at(10 * 60_000), {
			departments: ['sanitation', 'urban_management']
		});
		let c = await move(urban, id, 'return', at(HOUR), { reason: '非本单位职责' });
		expect(c.state).toBe('dispatched');
		expect(c.returnCount).toBe(0);
		// Urban management has returned its part: it no longer acts on the case.
		await expect(move(urban, id, 'accept', at(1.2 * HOUR))).rejects.toMatchObject({
			status: 403
		});
		await move(department, id, 'accept', at(1.5 * HOUR));
		c = await move(department, id, 'handle', at(2 * HOUR));
		expect(c.state).toBe('handled');
		expect(c.parts.map((p) => [p.department, p.state]).sort()).toEqual([
			['sanitation', 'handled'],
			['urban_management', 'returned']
		]);
	});
});

describe('auto-dispatch', () => {
	it('dispatches on filing where the duty list says so, as the system, in the same transaction', async () => {
		const [rule] = await db.query<{ department: string }>(
			`SELECT department_code AS department FROM routing_rule
			 WHERE category_code = '20501' AND auto_dispatch ORDER BY priority LIMIT 1`
		);
		expect(rule).toBeDefined();
		const id = await report(pointA, T0, { category: '20501', description: '路面塌陷' });
		const c = await move(supervisor, id, 'file', at(2 * 60_000));
		expect(c.state).toBe('dispatched');
		expect(c.version).toBe(3);
		expect(c.stage).toBe('handling');
		expect(c.events.map((e) => [e.action, e.role, e.userId])).toEqual([
			['report', 'gridworker', null],
			['file', 'supervision', null],
			['dispatch', 'system', null]
		]);
		expect(c.parts.map((p) => p.state)).toEqual(['dispatched']);
		expect(
			await count('change_log', "kind = 'incident' AND entity_id = $1 AND op = 'update'", [id])
		).toBe(1);
	});
});

describe('extensions', () => {
	it('approves only a pending request, and moves the deadline', async () => {
		const id = await report();
		await move(supervisor, id, 'file', at(5 * 60_000));
		let c = await move(operator, id, 'dispatch', at(10 * 60_000));
		await expect(move(operator, id, 'approve_extension', at(HOUR))).rejects.toMatchObject({
			status: 409
		});
		const before = c.deadlineAt!;
		await move(department, id, 'request_extension', at(HOUR), { reason: '需协调' });
		c = await move(operator, id, 'approve_extension', at(2 * HOUR));
		expect(c.extended).toBe(true);
		expect(c.state).toBe('dispatched');
		expect(new Date(c.deadlineAt!).getTime()).toBeGreaterThan(new Date(before).getTime());
		expect(c.dueAt).toBe(c.deadlineAt);
	});
});

describe('scope', () => {
	it('hides another subdistrict’s case and its contact (404)', async () => {
		const id = await report(pointB, T0, { contact: { name: '李先生' } });
		const leaderA = staff('leader', [subA]);
		const operatorA = staff('operator', [subA]);
		await expect(getIncident(db, leaderA, id)).rejects.toBeInstanceOf(ScopeError);
		await expect(getIncident(db, operatorA, id)).rejects.toBeInstanceOf(ScopeError);
		await expect(readIncidentContact(db, operatorA, id, null)).rejects.toBeInstanceOf(ScopeError);
		await expect(
			transitionIncident(db, operatorA, id, { action: 'file', expectedVersion: 1 })
		).rejects.toBeInstanceOf(ScopeError);
		const leaderB = staff('leader', [subB]);
		const seen = await getIncident(db, leaderB, id);
		expect(seen.subdistrictCode).toBe(subB);
		// Leaders watch: no personal data.
		expect(seen.contact).toBeNull();
	});
});

describe('findLikelyDuplicates', () => {
	it('finds open cases of the same category within 50 m and 72 h, and nothing outside', async () => {
		const base = { lon: pointA.lon + 0.0004, lat: pointA.lat };
		const id = await report(base, T0);
		const q = (dLat: number, when: Date, category = RUBBISH) =>
			findLikelyDuplicates(db, operator, {
				category,
				lon: base.lon,
				lat: base.lat + dLat,
				at: when.toISOString()
			});
		const near = await q(0.0003, at(24 * HOUR));
		expect(near.map((d) => d.id)).toContain(id);
		const hit = near.find((d) => d.id === id)!;
		expect(hit.distanceM).toBeGreaterThan(25);
		expect(hit.distanceM).toBeLessThan(50);
		expect((await q(0.0006, at(HOUR))).map((d) => d.id)).not.toContain(id);
		expect((await q(0, at(73 * HOUR))).map((d) => d.id)).not.toContain(id);
		expect((await q(0, at(HOUR), '20401')).map((d) => d.id)).not.toContain(id);
		await expect(
			findLikelyDuplicates(db, staff('public', []), { category: RUBBISH, ...base })
		).rejects.toBeInstanceOf(PermissionError);
	});
});

describe('listQueue', () => {
	it('sorts by deadline and keeps overdue cases on it', async () => {
		const old = await report(pointA, new Date(Date.now() - 3 * 24 * HOUR));
		const queue = await listQueue(db, operator, { state: 'reported', limit: 200 });
		const deadlines = queue.items.map((i) => i.deadlineAt).filter((d) => d !== null);
		expect(deadlines).toEqual([...deadlines].sort());
		expect(queue.total).toBeGreaterThan(0);
		let found = false;
		for (let offset = 0; !found; offset += 200) {
			const page = await listQueue(db, operator, {
				urgency: 'overdue',
				subdistrict: subA,
				category: RUBBISH,
				limit: 200,
				offset
			});
			found = page.items.some((i) => i.id === old);
			expect(page.items.every((i) => i.urgency === 'overdue')).toBe(true);
			if (page.items.length < 200) break;
		}
		expect(found).toBe(true);
		const scoped = await listQueue(db, staff('operator', [subB]), { limit: 200 });
		expect(scoped.items.every((i) => i.subdistrictCode === subB)).toBe(true);
		await expect(listQueue(db, operator, { urgency: 'purple' })).rejects.toThrow(/urgency/);
	});
});
