/**
 * POST /api/incidents/bulk through the built app: each case moves in its own transaction, so a
 * stale version (409 with the fresh case), an illegal move (409) or a case outside the caller's
 * scope (404) fails alone while the rest succeed; a role that may not move cases is refused
 * per item (403) or, without the capability, whole (401/403); a malformed body (too many items,
 * repeated ids, unknown action or field) is refused whole with 400 naming the field, before
 * anything is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/lib/server/auth/users';
import { SYSTEM_ACTOR } from '../../src/lib/server/auth/demo-users';
import { dbFingerprint, PASSWORD, startApi, type Api } from './harness';

let api: Api;
let supervisor: string;
let operator: string;
let scopedOperator: string;
let leader: string;
/** A point in the first subdistrict (A) and one in the second (B). */
let pointA: { lon: number; lat: number; code: string };
let pointB: { lon: number; lat: number; code: string };

interface Result {
	id: number;
	ok: boolean;
	status?: number;
	code?: string;
	message?: string;
	incident?: { id: number; state: string; version: number; departmentCode: string | null };
}

beforeAll(async () => {
	api = await startApi();
	const rows = await api.db.query<{ code: string; lon: number; lat: number }>(
		`SELECT DISTINCT ON (subdistrict_code) subdistrict_code AS code,
		        ST_X(geom) AS lon, ST_Y(geom) AS lat
		 FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY subdistrict_code, id`
	);
	[pointA, pointB] = [rows[0]!, rows[1]!];
	await createUser(api.db, SYSTEM_ACTOR, {
		username: 'bulk-operator-a',
		displayName: 'Bulk A',
		password: PASSWORD,
		role: 'operator',
		scope: [pointA.code]
	});
	[supervisor, operator, scopedOperator, leader] = await Promise.all([
		api.login('demo-supervisor'),
		api.login('demo-operator'),
		api.login('bulk-operator-a'),
		api.login('demo-leader')
	]);
});
afterAll(async () => {
	await api?.close();
});

const post = (path: string, body: unknown, cookie: string | null = null) =>
	api.request('POST', path, { cookie, body, sameOrigin: true });

/** A new case at the point, filed by the supervisor when asked: { id, version }. */
async function newCase(at: { lon: number; lat: number }, file = true) {
	const r = await post(
		'/api/incidents',
		{ category: '20101', lon: at.lon, lat: at.lat, description: '批量派遣测试' },
		supervisor
	);
	expect(r.status).toBe(201);
	const id = r.json<{ incident: { id: number } }>().incident.id;
	if (!file) return { id, version: 1 };
	const f = await post(
		`/api/incidents/${id}/transition`,
		{ action: 'file', expectedVersion: 1 },
		supervisor
	);
	expect(f.status).toBe(200);
	return { id, version: 2 };
}

async function eventCount(id: number): Promise<number> {
	const [r] = await api.db.query<{ n: number }>(
		'SELECT count(*)::int AS n FROM incident_event WHERE incident_id = $1',
		[id]
	);
	return r!.n;
}

describe('POST /api/incidents/bulk', () => {
	it('moves each case on its own: success, stale version, illegal move, out of scope', async () => {
		const a = await newCase(pointA);
		const stale = await newCase(pointA);
		const reported = await newCase(pointA, false);
		const elsewhere = await newCase(pointB);
		const c = await newCase(pointA);
		const before = await eventCount(elsewhere.id);

		const r = await post(
			'/api/incidents/bulk',
			{
				action: 'dispatch',
				note: '批量派遣',
				items: [
					{ id: a.id, expectedVersion: a.version },
					{ id: stale.id, expectedVersion: 1 },
					{ id: reported.id, expectedVersion: reported.version },
					{ id: elsewhere.id, expectedVersion: elsewhere.version },
					{ id: c.id, expectedVersion: c.version }
				]
			},
			scopedOperator
		);
		expect(r.status).toBe(200);
		const results = r.json<{ results: Result[] }>().results;
		expect(results.map((x) => [x.id, x.ok, x.status ?? 200])).toEqual([
			[a.id, true, 200],
			[stale.id, false, 409],
			[reported.id, false, 409],
			[elsewhere.id, false, 404],
			[c.id, true, 200]
		]);
		expect(results[0]!.incident).toMatchObject({ id: a.id, state: 'dispatched', version: 3 });
		// The loser of the race gets the case as it is now.
		expect(results[1]).toMatchObject({
			code: 'version_conflict',
			incident: { id: stale.id, state: 'filed', version: 2 }
		});
		expect(results[2]!.code).toBe('illegal_transition');
		// Out of scope: nothing about the case leaks, and it did not move.
		expect(results[3]!.incident).toBeUndefined();
		expect(results[3]!.message).toBe('Not found');
		expect(await eventCount(elsewhere.id)).toBe(before);

		const [state] = await api.db.query<{ s: string; v: number }>(
			'SELECT state AS s, version AS v FROM incident WHERE id = $1',
			[stale.id]
		);
		expect(state).toEqual({ s: 'filed', v: 2 });
		const [note] = await api.db.query<{ note: string }>(
			"SELECT note FROM incident_event WHERE incident_id = $1 AND action = 'dispatch'",
			[c.id]
		);
		expect(note!.note).toContain('批量派遣');
	});

	it('dispatches to a chosen department, and refuses a role that may not dispatch per item', async () => {
		const a = await newCase(pointA);
		const b = await newCase(pointA);
		const items = [
			{ id: a.id, expectedVersion: a.version },
			{ id: b.id, expectedVersion: b.version }
		];
		const before = await dbFingerprint(api.db);
		const refused = await post('/api/incidents/bulk', { action: 'dispatch', items }, supervisor);
		expect(refused.status).toBe(200);
		const res = refused.json<{ results: Result[] }>().results;
		expect(res.map((x) => [x.ok, x.status])).toEqual([
			[false, 403],
			[false, 403]
		]);
		expect(await dbFingerprint(api.db)).toBe(before);

		const ok = await post(
			'/api/incidents/bulk',
			{ action: 'dispatch', departments: ['water'], items },
			operator
		);
		expect(ok.status).toBe(200);
		const done = ok.json<{ results: Result[] }>().results;
		expect(done.every((x) => x.ok)).toBe(true);
		expect(done.map((x) => x.incident!.departmentCode)).toEqual(['water', 'water']);
	});

	it('refuses callers without the capability before reading the body', async () => {
		const before = await dbFingerprint(api.db);
		const body = { action: 'dispatch', items: [{ id: 1, expectedVersion: 1 }] };
		expect((await post('/api/incidents/bulk', body)).status).toBe(401);
		expect((await post('/api/incidents/bulk', body, leader)).status).toBe(403);
		expect((await post('/api/incidents/bulk', 'not json at all', leader)).status).toBe(403);
		expect(await dbFingerprint(api.db)).toBe(before);
	});

	it('refuses a malformed body whole with 400 naming the field, and writes nothing', async () => {
		const a = await newCase(pointA);
		const one = { id: a.id, expectedVersion: a.version };
		const many = Array.from({ length: 201 }, (_, i) => ({ id: i + 1, expectedVersion: 1 }));
		const before = await dbFingerprint(api.db);
		for (const [body, field] of [
			[{ action: 'dispatch', items: many }, 'items: at most 200'],
			[{ action: 'dispatch', items: [] }, 'items'],
			[{ action: 'dispatch', items: [one, one] }, 'items: must not repeat'],
			[{ action: 'fly', items: [one] }, 'action'],
			[{ action: 'report', items: [one] }, 'action'],
			[{ action: 'dispatch', items: [{ id: a.id }] }, 'items.0.expectedVersion'],
			[{ action: 'dispatch', items: [{ ...one, extra: 1 }] }, 'extra'],
			[{ action: 'dispatch', items: [one], departments: ['nowhere'] }, 'departments.0'],
			[{ action: 'dispatch', items: [one], expectedVersion: 2 }, 'expectedVersion'],
			[{ action: 'dispatch', items: [one], note: 'x'.repeat(2001) }, 'note'],
			[{ items: [one] }, 'action']
		] as const) {
			const r = await post('/api/incidents/bulk', body, operator);
			expect(r.status, JSON.stringify(body).slice(0, 120)).toBe(400);
			expect(r.json<{ message: string }>().message).toContain(field);
		}
		// 200 items is the limit, not an error (each missing case answers 404 on its own).
		const limit = await post(
			'/api/incidents/bulk',
			{
				action: 'dispatch',
				items: many.slice(0, 200).map((x) => ({ ...x, id: x.id + 10_000_000 }))
			},
			operator
		);
		expect(limit.status).toBe(200);
		const results = limit.json<{ results: Result[] }>().results;
		expect(results).toHaveLength(200);
		expect(results.every((x) => !x.ok && x.status === 404)).toBe(true);
		expect(await dbFingerprint(api.db)).toBe(before);
	});
});
