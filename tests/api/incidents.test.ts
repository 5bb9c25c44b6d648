/**
 * The case endpoints over HTTP through the built app (tests/api/harness.ts): the shapes of 201,
 * 400 (naming the field), 401/403, 404 out of scope, 409 with the fresh case and 422, and a short
 * walk of the cycle through POST /api/incidents/:id/transition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbFingerprint, startApi, type Api } from './harness';

let api: Api;
let supervisor: string;
let operator: string;
let leader: string;
let leaderA: string;
let planner: string;
let point: { lon: number; lat: number; code: string };
let otherSubdistrict: string;

interface Detail {
	id: number;
	state: string;
	version: number;
	subdistrictCode: string;
	events: { action: string }[];
}

beforeAll(async () => {
	api = await startApi();
	const rows = await api.db.query<{ code: string; lon: number; lat: number }>(
		`SELECT DISTINCT ON (subdistrict_code) subdistrict_code AS code,
		        ST_X(geom) AS lon, ST_Y(geom) AS lat
		 FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY subdistrict_code, id`
	);
	point = rows[0]!;
	otherSubdistrict = rows[1]!.code;
	[supervisor, operator, leader, leaderA, planner] = await Promise.all([
		api.login('demo-supervisor'),
		api.login('demo-operator'),
		api.login('demo-leader'),
		api.login(`demo-leader-${otherSubdistrict}`),
		api.login('demo-planner')
	]);
});
afterAll(async () => {
	await api?.close();
});

const post = (path: string, body: unknown, cookie: string | null = null) =>
	api.request('POST', path, { cookie, body, sameOrigin: true });

const report = () => ({
	category: '20101',
	lon: point.lon,
	lat: point.lat,
	description: '路边垃圾堆积'
});

describe('POST /api/incidents', () => {
	it('lets the public report and answers only the number and tracking code', async () => {
		const r = await post('/api/incidents', { ...report(), contact: { phone: '13800000000' } });
		expect(r.status).toBe(201);
		const { incident } = r.json<{ incident: Record<string, unknown> }>();
		expect(Object.keys(incident).sort()).toEqual(['number', 'state', 'trackingCode']);
	});

	it('answers 400 naming the field and writes nothing', async () => {
		const before = await dbFingerprint(api.db);
		for (const [body, field] of [
			[{ ...report(), category: '1' }, 'category'],
			[{ ...report(), lat: 'north' }, 'lat'],
			[{ ...report(), description: '' }, 'description'],
			[{ ...report(), lon: 100, lat: 30 }, 'outside the district'],
			[{ ...report(), extra: 1 }, 'extra']
		] as const) {
			const r = await post('/api/incidents', body, supervisor);
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect(r.json<{ message: string }>().message).toContain(field);
		}
		expect(await dbFingerprint(api.db)).toBe(before);
	});

	it('refuses leaders and planners (403)', async () => {
		expect((await post('/api/incidents', report(), leader)).status).toBe(403);
		expect((await post('/api/incidents', report(), planner)).status).toBe(403);
	});
});

describe('GET and transition', () => {
	it('walks a case, answers 409 with the fresh case and 422 without a reason', async () => {
		const created = await post('/api/incidents', report(), supervisor);
		const id = created.json<{ incident: { id: number } }>().incident.id;

		const filed = await post(
			`/api/incidents/${id}/transition`,
			{ action: 'file', expectedVersion: 1 },
			supervisor
		);
		expect(filed.status).toBe(200);
		expect(filed.json<{ incident: Detail }>().incident).toMatchObject({
			state: 'filed',
			version: 2
		});

		const stale = await post(
			`/api/incidents/${id}/transition`,
			{ action: 'dispatch', expectedVersion: 1 },
			operator
		);
		expect(stale.status).toBe(409);
		const conflict = stale.json<{ message: string; code: string; incident: Detail }>();
		expect(conflict.code).toBe('version_conflict');
		expect(conflict.incident).toMatchObject({ id, state: 'filed', version: 2 });

		const illegal = await post(
			`/api/incidents/${id}/transition`,
			{ action: 'close', expectedVersion: 2 },
			supervisor
		);
		expect(illegal.status).toBe(409);
		expect(illegal.json<{ code: string }>().code).toBe('illegal_transition');

		const wrongRole = await post(
			`/api/incidents/${id}/transition`,
			{ action: 'dispatch', expectedVersion: 2 },
			supervisor
		);
		expect(wrongRole.status).toBe(403);

		const dispatched = await post(
			`/api/incidents/${id}/transition`,
			{ action: 'dispatch', expectedVersion: 2 },
			operator
		);
		expect(dispatched.status).toBe(200);
		const noReason = await post(
			`/api/incidents/${id}/transition`,
			{ action: 'hang', expectedVersion: 3 },
			supervisor
		);
		expect(noReason.status).toBe(422);
		expect(noReason.json<{ code: string }>().code).toBe('reason_required');

		const bad = await post(
			`/api/incidents/${id}/transition`,
			{ action: 'fly', expectedVersion: 3 },
			supervisor
		);
		expect(bad.status).toBe(400);
		expect(bad.json<{ message: string }>().message).toMatch(/^action/);

		const got = await api.request('GET', `/api/incidents/${id}`, { cookie: supervisor });
		expect(got.status).toBe(200);
		const detail = got.json<{ incident: Detail }>().incident;
		expect(detail.events.map((e) => e.action)).toEqual(['report', 'file', 'dispatch']);

		// A leader of another subdistrict cannot even learn that it exists.
		expect(detail.subdistrictCode).not.toBe(otherSubdistrict);
		expect((await api.request('GET', `/api/incidents/${id}`, { cookie: leaderA })).status).toBe(
			404
		);
		expect((await api.request('GET', `/api/incidents/${id}`)).status).toBe(401);
		expect((await api.request('GET', '/api/incidents/abc', { cookie: supervisor })).status).toBe(
			404
		);
	});

	it('lists the queue and names a bad filter', async () => {
		const q = await api.request('GET', '/api/incidents?limit=5', { cookie: operator });
		expect(q.status).toBe(200);
		expect(q.json<{ items: unknown[] }>().items.length).toBeLessThanOrEqual(5);
		const bad = await api.request('GET', '/api/incidents?urgency=purple', { cookie: operator });
		expect(bad.status).toBe(400);
		expect(bad.json<{ message: string }>().message).toMatch(/^urgency/);
		const dup = await api.request(
			'GET',
			`/api/incidents/duplicates?category=20101&lon=${point.lon}&lat=${point.lat}`,
			{ cookie: operator }
		);
		expect(dup.status).toBe(200);
		expect(Array.isArray(dup.json<{ duplicates: unknown[] }>().duplicates)).toBe(true);
	});
});
