/**
 * Behind a trusted proxy (TRUSTED_PROXY=127.0.0.1, the test's own address): the public rate limit
 * and the sign-in throttle count per X-Forwarded-For client; signed-in users are not rate-limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Api } from './harness';

let api: Api;
beforeAll(async () => {
	api = await startApi({
		TRUSTED_PROXY: '127.0.0.1',
		RATE_LIMIT_PUBLIC_PER_MINUTE: '5',
		LOGIN_MAX_FAILURES_CLIENT: '3',
		LOGIN_MAX_FAILURES_ACCOUNT: '1000'
	});
});
afterAll(async () => {
	await api?.close();
});

const from = (ip: string) => ({ 'x-forwarded-for': `6.6.6.6, ${ip}` });

describe('public rate limit', () => {
	it('gives each client a bucket; past it, 429 with Retry-After', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++) {
			const r = await api.request('GET', '/api/health', { headers: from('198.51.100.10') });
			statuses.push(r.status);
			if (r.status === 429) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
		}
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
		// Another client (the left-most, forged entry is ignored: only the proxy's hop counts).
		expect(
			(await api.request('GET', '/api/health', { headers: from('198.51.100.11') })).status
		).toBe(200);
	});

	it('does not limit signed-in staff', async () => {
		// Signing in is itself a public call: use a fresh client for it.
		const r = await api.request('POST', '/api/auth/login', {
			headers: from('198.51.100.20'),
			body: { username: 'demo-leader', password: 'demo-password-for-tests' }
		});
		expect(r.status).toBe(200);
		const cookie = /^([^;]+)/.exec(r.headers['set-cookie']![0]!)![1]!;
		for (let i = 0; i < 10; i++) {
			const x = await api.request('GET', '/api/auth/me', {
				cookie,
				headers: from('198.51.100.20')
			});
			expect(x.status).toBe(200);
		}
	});
});

describe('sign-in throttle per client behind the proxy', () => {
	it('refuses a client after its failures, whatever usernames it tries; others are unaffected', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 4; i++) {
			const r = await api.request('POST', '/api/auth/login', {
				headers: from('198.51.100.30'),
				body: { username: `guess-${i}`, password: 'wrong-password' }
			});
			statuses.push(r.status);
		}
		expect(statuses).toEqual([401, 401, 401, 429]);
		const other = await api.request('POST', '/api/auth/login', {
			headers: from('198.51.100.31'),
			body: { username: 'demo-planner', password: 'demo-password-for-tests' }
		});
		expect(other.status).toBe(200);
		const clients = await api.db.query<{ client: string }>(
			"SELECT DISTINCT client FROM login_attempt WHERE username LIKE 'guess-%'"
		);
		expect(clients.map((c) => c.client)).toEqual(['198.51.100.30']);
	});
});
