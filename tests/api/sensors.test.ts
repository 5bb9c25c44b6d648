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
