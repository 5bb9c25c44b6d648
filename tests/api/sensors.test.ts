/**
 * Sensor ingestion and the sensors/alerts endpoints over HTTP through the built app
 * (tests/api/harness.ts): key checks (401), the count limit (400), a mixed batch,
 * the machine-endpoint exemption from the browser checks, and the read endpoints' scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoIngestKey } from '../../src/lib/server/sensors/demo-key';
import { startApi, type Api } from './harness';

const KEY = 'api-test-gateway-key-0123';
let api: Api;
let sensor: number;

beforeAll(async () => {
	api = await startApi();
	await createDemoIngestKey(api.db, KEY);
	const [s] = await api.db.query<{ id: number }>(
		"SELECT id FROM sensor WHERE type = 'water_quality' ORDER BY id LIMIT 1"
	);
	sensor = Number(s!.id);
}, 120_000);

afterAll(async () => {
	await api?.close();
});

const auth = (key = KEY) => ({ authorization: `Bearer ${key}` });

describe('POST /api/ingest/readings', () => {
	it('refuses a missing or unknown key with 401', async () => {
		const body = { readings: [] };
		expect((await api.request('POST', '/api/ingest/readings', { body })).status).toBe(401);
		const r = await api.request('POST', '/api/ingest/readings', {
			body,
			headers: auth('not-a-known-key-at-all')
		});
		expect(r.status).toBe(401);
		expect(r.text).not.toMatch(/SELECT|key_hash/);
	});

	it('stores a mixed batch, reports duplicates on repeat, and updates the health counts', async () => {
		const ts = new Date(Date.now() - 3600_000).toISOString();
		const readings = [
			{ sensor, ts, metric: 'do', value: 8.1 },
			{ sensor, ts, metric: 'ph', value: 'NaN' },
			{ sensor, ts, metric: 'ph', value: 15 }
		];
		const before = (await api.request('GET', '/api/health')).json<{
			counts: { readings: number };
		}>().counts;
		// A gateway in the field sends no Origin and may send a cross-site Sec-Fetch-Site: the
		// endpoint is a machine endpoint, exempt from the browser checks.
		const r = await api.request('POST', '/api/ingest/readings', {
			body: { readings },
			headers: { ...auth(), origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' }
		});
		expect(r.status).toBe(200);
		expect(r.json()).toEqual({
			accepted: 1,
			duplicate: 0,
			rejected: [
				{ index: 1, reason: 'not_a_number' },
				{ index: 2, reason: 'out_of_range' }
			]
		});
		const again = await api.request('POST', '/api/ingest/readings', {
			body: { readings },
			headers: auth()
		});
		expect(again.json()).toMatchObject({ accepted: 0, duplicate: 1 });
		const after = (await api.request('GET', '/api/health')).json<{ counts: { readings: number } }>()
			.counts;
		expect(after.readings).toBe(before.readings + 1);
	});

	it('refuses more than 5,000 readings with 400', async () => {
		const one = { sensor, ts: new Date().toISOString(), metric: 'do', value: 8 };
		const many = await api.request('POST', '/api/ingest/readings', {
			body: { readings: Array.from({ length: 5001 }, () => one) },
			headers: auth()
		});
		expect(many.status).toBe(400);
	});
});

describe('GET /api/sensors and /api/alerts', () => {
	it('answers sensor readers, scoped and filtered', async () => {
		const cookie = await api.login('demo-operator');
		const r = await api.request('GET', '/api/sensors?type=water_quality', { cookie });
		expect(r.status).toBe(200);
		const list = r.json<{ id: number; type: string; lon: number; lat: number }[]>();
		expect(list.length).toBeGreaterThan(0);
		expect(list.every((s) => s.type === 'water_quality')).toBe(true);
		expect((await api.request('GET', '/api/sensors')).status).toBe(401);
		const alerts = await api.request('GET', '/api/alerts?state=resolved', { cookie });
		expect(alerts.status).toBe(200);
		expect(alerts.json<{ state: string }[]>().every((a) => a.state === 'resolved')).toBe(true);
		expect((await api.request('GET', '/api/alerts?state=bogus', { cookie })).status).toBe(400);
		expect((await api.request('GET', '/api/sensors?type=DROP', { cookie })).status).toBe(400);
	});
});

describe('GET /api/sensors/{id} and /api/sensors/{id}/readings', () => {
	it('answers one sensor with its rules, and its readings per metric with the thresholds', async () => {
		const cookie = await api.login('demo-operator');
		expect((await api.request('GET', `/api/sensors/${sensor}`)).status).toBe(401);
		const one = await api.request('GET', `/api/sensors/${sensor}`, { cookie });
		expect(one.status).toBe(200);
		const detail = one.json<{ id: number; type: string; rules: { kind: string }[] }>();
		expect(detail).toMatchObject({ id: sensor, type: 'water_quality' });
		expect(detail.rules.map((r) => r.kind)).toEqual(
			expect.arrayContaining(['threshold', 'rate', 'silence'])
		);
		expect(detail).not.toHaveProperty('household_id');
		expect((await api.request('GET', '/api/sensors/2000000000', { cookie })).status).toBe(404);

		const ts = new Date(Date.now() - 30 * 60_000).toISOString();
		await api.request('POST', '/api/ingest/readings', {
			body: { readings: [{ sensor, ts, metric: 'ph', value: 7.25 }] },
			headers: auth()
		});
		const r = await api.request('GET', `/api/sensors/${sensor}/readings?hours=2`, { cookie });
		expect(r.status).toBe(200);
		const body = r.json<{
			series: { metric: string; unit: string; points: [number, number][] }[];
			thresholds: { metric: string; bound: string; value: number }[];
		}>();
		expect(body.series.map((s) => s.metric)).toEqual(['ph', 'turbidity', 'do']);
		const ph = body.series.find((s) => s.metric === 'ph')!;
		expect(ph.unit).toBe('pH');
		expect(ph.points).toContainEqual([Date.parse(ts) - (Date.parse(ts) % 5000), 7.25]);
		expect(body.thresholds).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ metric: 'ph', bound: 'lt', value: 6 }),
				expect.objectContaining({ metric: 'ph', bound: 'gt', value: 9 })
			])
		);
		const bad = await api.request('GET', `/api/sensors/${sensor}/readings?hours=abc`, { cookie });
		expect(bad.status).toBe(400);
		expect(bad.json<{ message: string }>().message).toMatch(/^hours/);
		const long = await api.request('GET', `/api/sensors/${sensor}/readings?hours=9999`, { cookie });
		expect(long.status).toBe(400);
	});
});

describe('alerts that become cases', () => {
	it('opens a case automatically for a smoke alarm, and by hand from another alert', async () => {
		const cookie = await api.login('demo-operator');
		const [smoke] = await api.db.query<{ id: number }>(
			"SELECT id FROM sensor WHERE type = 'smoke' ORDER BY id LIMIT 1"
		);
		// The demo may have left this detector an unresolved alert: start clean.
		await api.db.query(
			"UPDATE alert SET state = 'resolved', resolved_at = now() WHERE sensor_id = ANY ($1::int[]) AND state <> 'resolved'",
			[`{${smoke!.id},${sensor}}`]
		);
		const ts = new Date(Date.now() - 60_000).toISOString();
		const sent = await api.request('POST', '/api/ingest/readings', {
			body: { readings: [{ sensor: Number(smoke!.id), ts, metric: 'smoke', value: 1 }] },
			headers: auth()
		});
		expect(sent.json()).toMatchObject({ accepted: 1 });
		const list = (
			await api.request('GET', `/api/alerts?sensor=${smoke!.id}&state=open&severity=red`, {
				cookie
			})
		).json<{ id: number; caseId: number | null; kind: string }[]>();
		expect(list).toHaveLength(1);
		expect(list[0]!.caseId).not.toBeNull();

		// A turbidity jump: the rate rule opens an alert but no case (no category on the rule).
		const t0 = Date.now() - 20 * 60_000;
		await api.request('POST', '/api/ingest/readings', {
			body: {
				readings: [
					{ sensor, ts: new Date(t0).toISOString(), metric: 'turbidity', value: 5 },
					{ sensor, ts: new Date(t0 + 60_000).toISOString(), metric: 'turbidity', value: 300 }
				]
			},
			headers: auth()
		});
		const [jump] = (
			await api.request('GET', `/api/alerts?sensor=${sensor}&state=open&type=water_quality`, {
				cookie
			})
		)
			.json<{ id: number; kind: string; caseId: number | null }[]>()
			.filter((a) => a.kind === 'rate');
		expect(jump?.caseId).toBeNull();
		const path = `/api/alerts/${jump!.id}/case`;
		const none = await api.request('POST', path, { cookie, body: {} });
		expect(none.status).toBe(400);
		expect(none.json<{ message: string }>().message).toMatch(/^category/);
		const made = await api.request('POST', path, { cookie, body: { category: '20105' } });
		expect(made.status).toBe(201);
		const again = await api.request('POST', path, { cookie, body: { category: '20105' } });
		expect(again.status).toBe(200);
		expect(made.json()).toMatchObject({ created: true });
		expect(again.json()).toEqual({ ...made.json<object>(), created: false });
		const leader = await api.login('demo-leader');
		expect((await api.request('POST', path, { cookie: leader, body: {} })).status).toBe(403);
	});

	it('shows the operator queue page', async () => {
		const cookie = await api.login('demo-operator');
		const r = await api.request('GET', '/alerts?state=open', { cookie });
		expect(r.status).toBe(200);
		expect(r.text).toContain('data-testid="alert-queue"');
		expect((await api.request('GET', '/alerts?severity=purple', { cookie })).status).toBe(400);
		const s = await api.request('GET', `/sensors/${sensor}?hours=24`, { cookie });
		expect(s.status).toBe(200);
		expect(s.text).toContain('data-testid="sensor-page"');
	});
});
