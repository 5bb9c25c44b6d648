/**
 * Devices are not anonymous clients: POST /api/ingest/readings with a Bearer key is exempt from
 * the anonymous rate limiter (the endpoint checks the key), while unauthenticated calls — to the
 * ingestion endpoint too — stay limited. Its own app instance with a tiny per-minute budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoIngestKey } from '../../src/lib/server/sensors/demo-key';
import { startApi, type Api } from './harness';

const KEY = 'ratelimit-test-gateway-key-0123';
let api: Api;
let sensor: number;

beforeAll(async () => {
	api = await startApi({ RATE_LIMIT_PUBLIC_PER_MINUTE: '3' });
	await createDemoIngestKey(api.db, KEY);
	const [s] = await api.db.query<{ id: number }>(
		"SELECT id FROM sensor WHERE type = 'noise' ORDER BY id LIMIT 1"
	);
	sensor = Number(s!.id);
}, 120_000);

afterAll(async () => {
	await api?.close();
});

describe('rate limiting and device ingestion', () => {
	it('never throttles keyed ingestion, but throttles anonymous calls', async () => {
		const base = Date.now() - 3600_000;
		for (let i = 0; i < 20; i++) {
			const r = await api.request('POST', '/api/ingest/readings', {
				body: {
					readings: [
						{ sensor, ts: new Date(base + i * 1000).toISOString(), metric: 'db', value: 50 }
					]
				},
				headers: { authorization: `Bearer ${KEY}` }
			});
			expect(r.status).toBe(200);
		}
		const statuses: number[] = [];
		for (let i = 0; i < 10; i++) {
			statuses.push(
				(await api.request('POST', '/api/ingest/readings', { body: { readings: [] } })).status
			);
		}
		expect(statuses).toContain(401);
		expect(statuses).toContain(429);
	});
});
