/**
 * The HTTP surface of the built app: cookies, session rotation and sign-out, mass assignment,
 * cross-origin refusals with every content type and header casing, body limits (chunked too),
 * security headers, generic errors, sign-in throttling that a forged X-Forwarded-For cannot
 * reset, and a fast-check fuzz of every JSON endpoint: never a 5xx, never a write on rejection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createUser } from '../../src/lib/server/auth/users';
import { SYSTEM_ACTOR } from '../../src/lib/server/auth/demo-users';
import { MACHINE_ENDPOINTS } from '../../src/lib/server/http/guard';
import { dbFingerprint, routeManifest, sessionPair, startApi, type Api } from './harness';

let api: Api;
let throttleTarget = 0;

beforeAll(async () => {
	api = await startApi({
		JSON_BODY_LIMIT_BYTES: '4096',
		LOGIN_MAX_FAILURES_ACCOUNT: '5',
		LOGIN_MAX_FAILURES_CLIENT: '100000'
	});
	throttleTarget = (
		await createUser(api.db, SYSTEM_ACTOR, {
			username: 'throttle-target',
			displayName: 'T',
			password: 'throttle-password-1',
			role: 'planner',
			scope: 'all'
		})
	).id;
});
afterAll(async () => {
	await api?.close();
});

const me = async (cookie: string | null, headers: Record<string, string> = {}) =>
	(await api.request('GET', '/api/auth/me', { cookie, headers })).json<{
		authenticated: boolean;
		role: string;
	}>();

describe('session cookie', () => {
	it('over https: __Host-jiedao_session; Path=/; HttpOnly; Secure; SameSite=Lax; no Domain', async () => {
		const r = await api.request('POST', '/api/auth/login', {
			body: { username: 'demo-leader', password: 'demo-password-for-tests' }
		});
		expect(r.status).toBe(200);
		const set = (r.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-jiedao_session='));
		expect(set).toBeDefined();
		const attrs = set!.split(';').map((a) => a.trim().toLowerCase());
		expect(attrs).toContain('path=/');
		expect(attrs).toContain('httponly');
		expect(attrs).toContain('secure');
		expect(attrs).toContain('samesite=lax');
		expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
		expect(set!.split(';')[0]!.split('=')[1]).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(r.headers['cache-control']).toContain('no-store');
	});

	it('over plain http on 127.0.0.1: jiedao_session without Secure', async () => {
		const r = await api.request('POST', '/api/auth/login', {
			body: { username: 'demo-leader', password: 'demo-password-for-tests' },
			headers: { 'x-forwarded-proto': 'http' }
		});
		const set = (r.headers['set-cookie'] ?? []).find((c) => c.startsWith('jiedao_session='));
		expect(set).toBeDefined();
		expect(set!.toLowerCase()).not.toContain('secure');
		expect(set!.toLowerCase()).toContain('httponly');
		expect(r.headers['strict-transport-security']).toBeUndefined();
	});

	it('over https ignores an unprefixed cookie (which a subdomain or http page could plant)', async () => {
		const pair = await api.login('demo-leader');
		const token = pair.split('=')[1]!;
		expect((await me(pair)).authenticated).toBe(true);
		expect((await me(`jiedao_session=${token}`)).authenticated).toBe(false);
	});
});

describe('sessions over HTTP', () => {
	it("rotates on sign-in: the browser's previous session dies", async () => {
		const first = await api.login('demo-supervisor');
		const r = await api.request('POST', '/api/auth/login', {
			cookie: first,
			body: { username: 'demo-supervisor', password: 'demo-password-for-tests' }
		});
		const second = sessionPair(r)!;
		expect(second).not.toBe(first);
		expect((await me(first)).authenticated).toBe(false);
		expect((await me(second)).authenticated).toBe(true);
	});

	it('sign-out deletes the session on the server (a copied cookie is dead too)', async () => {
		const c = await api.login('demo-operator');
		const before = (await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM session'))[0]!
			.n;
		const r = await api.request('POST', '/api/auth/logout', {
			cookie: c,
			body: {},
			sameOrigin: true
		});
		expect(r.status).toBe(204);
		expect((r.headers['set-cookie'] ?? []).join()).toMatch(/__Host-jiedao_session=;/);
		expect((await me(c)).authenticated).toBe(false);
		const after = (await api.db.query<{ n: number }>('SELECT count(*)::int AS n FROM session'))[0]!
			.n;
		expect(after).toBe(before - 1);
	});

	it('disabling a user kills their sessions at once', async () => {
		const admin = await api.login('demo-admin');
		const created = await api.request('POST', '/api/admin/users', {
			cookie: admin,
			sameOrigin: true,
			body: {
				username: 'to-disable',
				displayName: 'D',
				password: 'disable-password-1',
				role: 'operator',
				scope: 'all'
			}
		});
		expect(created.status).toBe(201);
		const id = created.json<{ user: { id: number } }>().user.id;
		const victim = await api.login('to-disable', 'disable-password-1');
		expect((await me(victim)).role).toBe('operator');
		const r = await api.request('PATCH', `/api/admin/users/${id}`, {
			cookie: admin,
			sameOrigin: true,
			body: { disabled: true }
		});
		expect(r.status).toBe(200);
		expect((await me(victim)).authenticated).toBe(false);
		const again = await api.request('POST', '/api/auth/login', {
			body: { username: 'to-disable', password: 'disable-password-1' }
		});
		expect(again.status).toBe(401);
	});
});

describe('mass assignment', () => {
	it('sign-in refuses extra fields (role, scope, disabled, userId)', async () => {
		for (const extra of [{ role: 'admin' }, { scope: 'all' }, { disabled: false }, { userId: 1 }]) {
			const r = await api.request('POST', '/api/auth/login', {
				body: { username: 'demo-planner', password: 'demo-password-for-tests', ...extra }
			});
			expect(r.status).toBe(400);
			expect(r.json<{ message: string }>().message).toMatch(/^Unknown field/);
			expect(sessionPair(r)).toBeNull();
		}
	});

	it('user create/update refuse fields that are not theirs, and change nothing', async () => {
		const admin = await api.login('demo-admin');
		const before = await dbFingerprint(api.db);
		for (const extra of [
			{ id: 1 },
			{ username: 'renamed' },
			{ passwordHash: 'x' },
			{ password_hash: 'x' },
			{ status: 'active' },
			{ createdAt: '2020-01-01' }
		]) {
			const r = await api.request('PATCH', `/api/admin/users/${throttleTarget}`, {
				cookie: admin,
				sameOrigin: true,
				body: { displayName: 'ok', ...extra }
			});
			expect(r.status, JSON.stringify(extra)).toBe(400);
		}
		for (const extra of [{ id: 99 }, { disabled: true }, { passwordHash: 'x' }]) {
			const r = await api.request('POST', '/api/admin/users', {
				cookie: admin,
				sameOrigin: true,
				body: {
					username: 'mass-x',
					displayName: 'M',
					password: 'mass-password-1',
					role: 'planner',
					scope: 'all',
					...extra
				}
			});
			expect(r.status).toBe(400);
		}
		expect(await dbFingerprint(api.db)).toBe(before);
	});

	it('a role outside the staff roles, or a made-up scope, is refused', async () => {
		const admin = await api.login('demo-admin');
		const before = await dbFingerprint(api.db);
		for (const patch of [
			{ role: 'public' },
			{ role: 'superadmin' },
			{ scope: ['999999999999'] },
			{ scope: [] },
			{ scope: 'some' }
		]) {
			const r = await api.request('PATCH', `/api/admin/users/${throttleTarget}`, {
				cookie: admin,
				sameOrigin: true,
				body: patch
			});
			expect(r.status, JSON.stringify(patch)).toBe(400);
		}
		expect(await dbFingerprint(api.db)).toBe(before);
	});
});

describe('cross-origin and content type', () => {
	// Machine endpoints (guard.ts) are exempt by design: they authenticate by key, not cookie, and
	// their own tests cover them (tests/api/sensors*.test.ts).
	const pathOf = (route: string) =>
		route.replace('[id]', String(throttleTarget)).replace('[format]', 'json');
	const writes = routeManifest().filter(
		(m) =>
			m.kind === 'endpoint' &&
			m.method !== 'GET' &&
			m.method !== 'HEAD' &&
			!MACHINE_ENDPOINTS.some((re) => re.test(pathOf(m.route)))
	);
	const TYPES = [
		'text/plain',
		'text/plain;charset=UTF-8',
		'application/x-www-form-urlencoded',
		'multipart/form-data; boundary=xyz',
		'application/json-patch+json',
		'application/csp-report',
		'application/xml',
		'',
		'application/jsonp'
	];

	it('refuses every non-JSON content type with 415 and writes nothing', async () => {
		const admin = await api.login('demo-admin');
		expect(writes.length).toBeGreaterThan(3);
		const before = await dbFingerprint(api.db);
		for (const w of writes) {
			for (const type of TYPES) {
				// Same-origin, so kit's own origin check (403 for form types) lets it through to ours.
				const r = await api.request(w.method, pathOf(w.route), {
					cookie: admin,
					raw: '{"displayName":"x","password":"xxxxxxxxxxxx"}',
					sameOrigin: true,
					headers: type ? { 'Content-Type': type } : {}
				});
				expect(r.status, `${w.key} ${type}`).toBe(415);
				// Without an Origin header form types meet kit's check first (403): refused either way.
				const bare = await api.request(w.method, pathOf(w.route), {
					cookie: admin,
					raw: 'a=b',
					headers: type ? { 'Content-Type': type } : {}
				});
				expect([403, 415], `${w.key} ${type}`).toContain(bare.status);
			}
		}
		expect(await dbFingerprint(api.db)).toBe(before);
	});

	it('accepts application/json in any case and with a charset', async () => {
		for (const type of [
			'application/json',
			'Application/JSON',
			'APPLICATION/JSON; charset=utf-8'
		]) {
			const r = await api.request('POST', '/api/auth/login', {
				raw: JSON.stringify({ username: 'demo-planner', password: 'demo-password-for-tests' }),
				headers: { 'CONTENT-TYPE': type }
			});
			expect(r.status, type).toBe(200);
		}
	});

	it('refuses a foreign Origin or Sec-Fetch-Site cross-site, whatever the header casing', async () => {
		const admin = await api.login('demo-admin');
		const before = await dbFingerprint(api.db);
		for (const w of writes) {
			for (const [name, value] of [
				['Origin', 'https://evil.example'],
				['origin', 'http://127.0.0.1:1'],
				['ORIGIN', 'null'],
				['Sec-Fetch-Site', 'cross-site'],
				['sec-fetch-site', 'same-site'],
				['SEC-FETCH-SITE', 'cross-site']
			] as const) {
				const r = await api.request(w.method, pathOf(w.route), {
					cookie: admin,
					body: { displayName: 'x' },
					headers: { [name]: value }
				});
				expect(r.status, `${w.key} ${name}: ${value}`).toBe(403);
			}
		}
		// Form actions: kit's origin check, and ours for fetch metadata.
		for (const type of [
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x',
			'text/plain'
		]) {
			const r = await api.request('POST', '/admin/users?/disable', {
				cookie: admin,
				raw: `id=${throttleTarget}`,
				headers: { 'content-type': type, origin: 'https://evil.example' }
			});
			expect(r.status, type).toBe(403);
		}
		const r = await api.request('POST', '/logout', {
			cookie: admin,
			raw: '',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'sec-fetch-site': 'cross-site'
			}
		});
		expect(r.status).toBe(403);
		expect(await dbFingerprint(api.db)).toBe(before);
		expect((await me(admin)).authenticated).toBe(true);
	});
});

describe('body size', () => {
	const big = JSON.stringify({ username: 'demo-planner', password: 'x'.repeat(10_000) });

	it('refuses a declared oversize body with 413', async () => {
		const r = await api.request('POST', '/api/auth/login', {
			raw: big,
			headers: { 'content-type': 'application/json' }
		});
		expect(r.status).toBe(413);
	});

	it('refuses an oversize chunked body (no Content-Length) with 413', async () => {
		const admin = await api.login('demo-admin');
		const before = await dbFingerprint(api.db);
		const body = JSON.stringify({
			username: 'chunky',
			displayName: 'x'.repeat(20_000),
			password: 'chunk-password-1',
			role: 'planner',
			scope: 'all'
		});
		const r = await api.request('POST', '/api/admin/users', {
			cookie: admin,
			sameOrigin: true,
			raw: body,
			chunked: true,
			headers: { 'content-type': 'application/json' }
		});
		expect(r.status).toBe(413);
		expect(await dbFingerprint(api.db)).toBe(before);
	});
});

describe('headers and errors', () => {
	it('pages carry the CSP from kit.csp and the security headers; https adds HSTS', async () => {
		const r = await api.request('GET', '/login');
		expect(r.status).toBe(200);
		expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
		expect(r.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
		expect(r.headers['x-content-type-options']).toBe('nosniff');
		expect(r.headers['x-frame-options']).toBe('DENY');
		expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
		expect(r.headers['permissions-policy']).toContain('camera=()');
		expect(r.headers['strict-transport-security']).toContain('max-age=');
		expect(r.text).toContain('<html lang="zh-CN"');
		expect(r.text).toContain('登录');
	});

	it('API refusals and unknown routes answer { message } without SQL or stacks', async () => {
		for (const [method, p] of [
			['GET', '/api/admin/users/0'],
			['GET', '/api/admin/users/abc'],
			['GET', '/api/nope'],
			['GET', '/api/admin/users']
		] as const) {
			const r = await api.request(method, p, { headers: { accept: 'application/json' } });
			expect(r.status).toBeGreaterThanOrEqual(400);
			expect(r.status).toBeLessThan(500);
			expect(r.text).not.toMatch(/SELECT|\.ts:\d+|\.js:\d+|DbError|stack/);
			expect(r.json<{ message: string }>().message).toEqual(expect.any(String));
		}
	});

	it('a duplicate username is a 409, not a 500 with SQL', async () => {
		const admin = await api.login('demo-admin');
		const r = await api.request('POST', '/api/admin/users', {
			cookie: admin,
			sameOrigin: true,
			body: {
				username: 'demo-planner',
				displayName: 'dup',
				password: 'dup-password-12',
				role: 'planner',
				scope: 'all'
			}
		});
		expect(r.status).toBe(409);
		expect(r.text).not.toMatch(/app_user|constraint|duplicate key/);
	});
});

describe('sign-in throttling', () => {
	it('refuses with 429 + Retry-After after repeated failures; forged X-Forwarded-For does not help', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 8; i++) {
			const r = await api.request('POST', '/api/auth/login', {
				body: { username: 'throttle-target', password: `wrong-${i}` },
				headers: { 'X-Forwarded-For': `203.0.113.${i}`, 'X-Real-IP': `198.51.100.${i}` }
			});
			statuses.push(r.status);
			if (r.status === 429) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
		}
		expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
		expect(statuses.slice(5)).toEqual([429, 429, 429]);
		// Even the right password is refused while the account is throttled.
		const right = await api.request('POST', '/api/auth/login', {
			body: { username: 'throttle-target', password: 'throttle-password-1' },
			headers: { 'x-forwarded-for': '192.0.2.77' }
		});
		expect(right.status).toBe(429);
		const clients = await api.db.query<{ client: string }>(
			"SELECT DISTINCT client FROM login_attempt WHERE username = 'throttle-target'"
		);
		expect(clients.map((c) => c.client)).toEqual(['127.0.0.1']);
	});
});

describe('fuzz: every JSON endpoint', () => {
	const writes = routeManifest().filter(
		(m) => m.kind === 'endpoint' && !['GET', 'HEAD'].includes(m.method)
	);
	const jsonish = fc.oneof(
		fc.jsonValue(),
		fc.record(
			{
				username: fc.oneof(fc.string(), fc.constant('demo-planner'), fc.constant('a'.repeat(70))),
				password: fc.oneof(fc.string(), fc.constant('')),
				displayName: fc.string(),
				role: fc.oneof(fc.constantFrom('admin', 'public', 'leader', ''), fc.string()),
				scope: fc.oneof(fc.constant('all'), fc.array(fc.string()), fc.jsonValue()),
				disabled: fc.jsonValue(),
				departmentCode: fc.oneof(fc.string(), fc.constant(null))
			},
			{ requiredKeys: [] }
		)
	);

	it('never answers 5xx and never writes on a refusal', async () => {
		const admin = await api.login('demo-admin');
		const leader = await api.login('demo-leader');
		let calls = 0;
		for (const w of writes) {
			const cookies = w.route.startsWith('/api/auth/') ? [null] : [null, leader, admin];
			await fc.assert(
				fc.asyncProperty(
					fc.constantFrom(...cookies),
					fc.oneof(
						jsonish.map((v) => ({ raw: JSON.stringify(v) })),
						fc.string({ maxLength: 200 }).map((s) => ({ raw: s })),
						fc.uint8Array({ maxLength: 64 }).map((b) => ({ raw: Buffer.from(b) }))
					),
					fc.constantFrom(String(throttleTarget), '0', '-1', 'abc', '99999999999', '1e3'),
					async (cookie, body, id) => {
						const before = await dbFingerprint(api.db);
						const r = await api.request(w.method, w.route.replace('[id]', id), {
							cookie,
							raw: body.raw,
							sameOrigin: true,
							headers: { 'content-type': 'application/json' }
						});
						calls++;
						expect(r.status, `${w.key} ${String(body.raw).slice(0, 80)}`).toBeLessThan(500);
						if (r.status >= 400) expect(await dbFingerprint(api.db)).toBe(before);
					}
				),
				{ numRuns: 25 }
			);
		}
		expect(calls).toBeGreaterThanOrEqual(writes.length * 25);
	});
});
