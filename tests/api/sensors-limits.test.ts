/**
 * POST /api/ingest/readings body limits through the built app, with a small JSON body cap (its
 * own app instance): a declared or streamed oversize body is 413, malformed JSON 400, and the
 * key is checked before the body is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoIngestKey } from '../../src/lib/server/sensors/demo-key';
import { dbFingerprint, startApi, type Api } from './harness';

const KEY = 'limits-test-gateway-key-0123';
let api: Api;

beforeAll(async () => {
	api = await startApi({ JSON_BODY_LIMIT_BYTES: '4096' });
	await createDemoIngestKey(api.db, KEY);
}, 120_000);

afterAll(async () => {
	await api?.close();
});

const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
const huge = JSON.stringify({ readings: [], pad: 'x'.repeat(10_000) });

describe('POST /api/ingest/readings body limits', () => {
	it('refuses a declared oversize body with 413 and writes nothing', async () => {
		const before = await dbFingerprint(api.db);
		const r = await api.request('POST', '/api/ingest/readings', { raw: huge, headers });
		expect(r.status).toBe(413);
		expect(await dbFingerprint(api.db)).toBe(before);
	});

	it('refuses an oversize chunked body (no Content-Length) with 413', async () => {
		const r = await api.request('POST', '/api/ingest/readings', {
			raw: huge,
			chunked: true,
			headers
		});
		expect(r.status).toBe(413);
	});

	it('refuses malformed JSON with 400, and an oversize body without a key with 401', async () => {
		const bad = await api.request('POST', '/api/ingest/readings', {
			raw: '{"readings": [',
			headers
		});
		expect(bad.status).toBe(400);
		const anon = await api.request('POST', '/api/ingest/readings', {
			raw: huge,
			headers: { 'content-type': 'application/json' }
		});
		expect(anon.status).toBe(401);
	});
});
