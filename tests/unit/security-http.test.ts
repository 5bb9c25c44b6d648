import { describe, expect, it, vi } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { z } from 'zod';
import { guardRequest, applySecurityHeaders } from '../../src/lib/server/http/guard';
import { isJsonContentType, readJson, readTextCapped } from '../../src/lib/server/http/json';
import { expectedError } from '../../src/lib/server/http/errors';
import { DbError } from '../../src/lib/server/db/types';
import { clientAddress, parseTrustedProxies } from '../../src/lib/server/auth/client';
import { RateLimiter } from '../../src/lib/server/auth/rate-limit';
import { log, redact, REDACTED, setLogLevel } from '../../src/lib/server/log';
import { safeNext } from '../../src/lib/server/auth/web';
import { loadConfig } from '../../src/lib/server/config';

const URL_ = new URL('https://jiedao.example.cn/api/admin/users');
const req = (method: string, headers: Record<string, string>, body?: BodyInit) =>
	new Request(URL_, { method, headers, body, ...(body ? { duplex: 'half' } : {}) } as RequestInit);
const guard = (r: Request) => guardRequest(r, URL_, { maxApiBody: 1000 });

async function status(p: Promise<unknown>): Promise<number> {
	try {
		await p;
		return 200;
	} catch (e) {
		if (isHttpError(e)) return e.status;
		throw e;
	}
}

describe('content type', () => {
	it.each([
		['application/json', true],
		['Application/JSON', true],
		['APPLICATION/JSON; charset=UTF-8', true],
		[' application/json ;charset=utf-8', true],
		['application/json-patch+json', false],
		['application/ld+json', false],
		['text/plain', false],
		['text/plain; application/json', false],
		['multipart/form-data; boundary=x', false],
		['application/x-www-form-urlencoded', false],
		['', false]
	])('%s → %s', (type, ok) => {
		expect(isJsonContentType(type)).toBe(ok);
		expect(guard(req('POST', { 'content-type': type }))?.status ?? 200).toBe(ok ? 200 : 415);
	});
});

describe('cross-origin state changes', () => {
	const json = { 'content-type': 'application/json' };
	it('refuses a foreign Origin whatever the header casing (Headers are case-insensitive)', () => {
		for (const name of ['Origin', 'origin', 'ORIGIN']) {
			expect(guard(req('POST', { ...json, [name]: 'https://evil.example' }))?.status).toBe(403);
		}
		expect(guard(req('POST', { ...json, origin: 'null' }))?.status).toBe(403);
		expect(guard(req('POST', { ...json, origin: 'https://jiedao.example.cn' }))).toBeNull();
		expect(guard(req('POST', json))).toBeNull();
	});

	it('refuses Sec-Fetch-Site cross-site and same-site for every unsafe method', () => {
		for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			for (const site of ['cross-site', 'Cross-Site', 'same-site']) {
				expect(guard(req(m, { ...json, 'sec-fetch-site': site }))?.status).toBe(403);
			}
			expect(guard(req(m, { ...json, 'sec-fetch-site': 'same-origin' }))).toBeNull();
		}
	});

	it('refuses form submissions without an Origin (SvelteKit-equivalent), except machine endpoints', () => {
		for (const type of [
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x',
			'Text/Plain;charset=UTF-8'
		]) {
			const page = new URL('https://jiedao.example.cn/login');
			const form = (u: URL, h: Record<string, string>) =>
				guardRequest(new Request(u, { method: 'POST', headers: h }), u, { maxApiBody: 1000 });
			expect(form(page, { 'content-type': type })?.status).toBe(403);
			expect(form(page, { 'content-type': type, origin: 'https://evil.example' })?.status).toBe(
				403
			);
			expect(form(page, { 'content-type': type, origin: page.origin })).toBeNull();
			const open311 = new URL('https://jiedao.example.cn/open311/v2/requests.json');
			expect(form(open311, { 'content-type': type })).toBeNull();
			const other = new URL('https://jiedao.example.cn/open311/v2/requests.json/x');
			expect(form(other, { 'content-type': type })?.status).toBe(403);
		}
	});

	it('lets safe methods through untouched', () => {
		expect(
			guard(req('GET', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }))
		).toBeNull();
	});

	it('refuses a declared body over the cap with 413', () => {
		expect(guard(req('POST', { ...json, 'content-length': '1001' }))?.status).toBe(413);
		expect(guard(req('POST', { ...json, 'content-length': 'abc' }))?.status).toBe(413);
	});
});

describe('JSON bodies', () => {
	const schema = z.object({ name: z.string().max(5) }).strict();
	const post = (body: BodyInit, type = 'application/json') =>
		req('POST', { 'content-type': type }, body);

	it('parses, validates and names the field in errors', async () => {
		expect(await readJson(post('{"name":"ab"}'), schema)).toEqual({ name: 'ab' });
		await expect(readJson(post('{"name":"abcdefg"}'), schema)).rejects.toMatchObject({
			status: 400,
			body: { message: expect.stringMatching(/^name: /) }
		});
		await expect(readJson(post('{"name":"a","role":"admin"}'), schema)).rejects.toMatchObject({
			status: 400,
			body: { message: 'Unknown field: role' }
		});
		expect(await status(readJson(post('{nope'), schema))).toBe(400);
		expect(await status(readJson(post('{"name":"a"}', 'text/plain'), schema))).toBe(415);
		expect(await status(readJson(post(new Uint8Array([0xff, 0xfe])), schema))).toBe(400);
	});

	it('caps chunked bodies (no Content-Length) while streaming', async () => {
		let pulled = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(c) {
				pulled++;
				if (pulled > 1000) c.close();
				else c.enqueue(new Uint8Array(1024).fill(32));
			}
		});
		const r = req('POST', { 'content-type': 'application/json' }, stream);
		expect(r.headers.get('content-length')).toBeNull();
		expect(await status(readTextCapped(r, 8 * 1024))).toBe(413);
		expect(pulled).toBeLessThan(20);
	});
});

describe('error mapping', () => {
	it('maps SQLSTATEs to client statuses without SQL in the message', () => {
		const err = (code: string) =>
			new DbError('querying INSERT INTO app_user', {
				code,
				message: 'duplicate key value violates unique constraint "app_user_username_key"'
			});
		expect(expectedError(err('23505'))).toEqual({
			status: 409,
			message: expect.not.stringContaining('app_user')
		});
		expect(expectedError(err('22023'))?.status).toBe(400);
		expect(expectedError(err('22P02'))?.status).toBe(400);
		expect(expectedError(err('23514'))?.status).toBe(400);
		expect(expectedError(err('XX000'))).toBeNull();
		expect(expectedError(new Error('boom'))).toBeNull();
	});
});

describe('security headers', () => {
	it('sets nosniff, referrer, framing, permissions, HSTS on https, and deny-all CSP on non-HTML', () => {
		const r = new Response('{}', { headers: { 'content-type': 'application/json' } });
		applySecurityHeaders(r, new URL('https://x.cn/api/health'), true);
		expect(Object.fromEntries(r.headers)).toMatchObject({
			'x-content-type-options': 'nosniff',
			'referrer-policy': 'strict-origin-when-cross-origin',
			'x-frame-options': 'DENY',
			'strict-transport-security': expect.stringContaining('max-age='),
			'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
			'permissions-policy': expect.stringContaining('camera=()'),
			'cache-control': 'private, no-store'
		});
		const plain = new Response('<html>', { headers: { 'content-type': 'text/html' } });
		applySecurityHeaders(plain, new URL('http://localhost/'), false);
		expect(plain.headers.get('strict-transport-security')).toBeNull();
		expect(plain.headers.get('content-security-policy')).toBeNull(); // kit.csp sets the page CSP
	});
});

describe('client address', () => {
	const none = parseTrustedProxies(undefined);
	const proxy = parseTrustedProxies('10.0.0.2,::ffff:10.0.0.3');
	it('ignores X-Forwarded-For unless the peer is a trusted proxy', () => {
		expect(clientAddress('198.51.100.1', '1.2.3.4', none)).toBe('198.51.100.1');
		expect(clientAddress('198.51.100.1', '1.2.3.4', proxy)).toBe('198.51.100.1');
	});
	it('behind a trusted proxy takes the right-most untrusted hop (a forged left part is ignored)', () => {
		expect(clientAddress('10.0.0.2', '6.6.6.6, 198.51.100.9', proxy)).toBe('198.51.100.9');
		expect(clientAddress('::ffff:10.0.0.2', '198.51.100.9, 10.0.0.3', proxy)).toBe('198.51.100.9');
		expect(clientAddress('10.0.0.2', 'not-an-ip', proxy)).toBe('10.0.0.2');
		expect(clientAddress('10.0.0.2', null, proxy)).toBe('10.0.0.2');
	});
});

describe('rate limiter', () => {
	it('allows a burst, then asks to wait, then refills', () => {
		const rl = new RateLimiter(60);
		for (let i = 0; i < 60; i++) expect(rl.take('a', 0)).toBe(0);
		expect(rl.take('a', 0)).toBeGreaterThan(0);
		expect(rl.take('b', 0)).toBe(0);
		expect(rl.take('a', 1000)).toBe(0);
		expect(new RateLimiter(0).take('a')).toBe(0);
	});
});

describe('logger never writes personal data', () => {
	it('redacts names, phones, emails, addresses, passwords and tokens at any depth', () => {
		const out = redact({
			incidentId: 5,
			name: '张三',
			contact: { phone: '13900000000' },
			list: [{ email: 'a@b.cn', address: '幸福路1号', headName: '李四' }],
			password: 'x',
			token: 't',
			username: 'demo-admin',
			code: '370102001000'
		});
		expect(out).toEqual({
			incidentId: 5,
			name: REDACTED,
			contact: REDACTED,
			list: [{ email: REDACTED, address: REDACTED, headName: REDACTED }],
			password: REDACTED,
			token: REDACTED,
			username: 'demo-admin',
			code: '370102001000'
		});
	});

	it('applies it to every line written', () => {
		setLogLevel('debug');
		const lines: string[] = [];
		const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
			lines.push(String(s));
			return true;
		});
		try {
			log.info('x', {
				user: { displayName: '王五', phone: '13812345678' },
				Authorization: 'Bearer abc'
			});
		} finally {
			spy.mockRestore();
			setLogLevel('info');
		}
		expect(lines.join('')).not.toMatch(/王五|13812345678|Bearer/);
	});
});

describe('sign-in redirect target', () => {
	it.each([
		['/admin/users', '/admin/users'],
		[null, '/'],
		['https://evil.example', '/'],
		['//evil.example', '/'],
		['/\\evil.example', '/'],
		['/ok?x=1', '/ok?x=1'],
		['/"><script>', '/']
	])('%s → %s', (next, want) => {
		expect(safeNext(next)).toBe(want);
	});
});

describe('config', () => {
	it('has safe defaults: no development actor, 30 min idle, 12 h absolute', () => {
		const c = loadConfig({});
		expect(c.DEV_ACTOR_ROLE).toBeUndefined();
		expect(c.SESSION_IDLE_MINUTES).toBe(30);
		expect(c.SESSION_ABSOLUTE_HOURS).toBe(12);
		expect(c.DB_ALLOW_SUPERUSER).toBe(false);
		expect(c.DEMO_PASSWORD).toBeUndefined();
	});
	it('refuses the development actor in production, and half an admin', () => {
		expect(() => loadConfig({ DEV_ACTOR_ROLE: 'admin', NODE_ENV: 'production' })).toThrow(
			/DEV_ACTOR_ROLE/
		);
		expect(() => loadConfig({ ADMIN_USERNAME: 'root' })).toThrow(/ADMIN_PASSWORD/);
	});
	it('never prints a secret in the error', () => {
		expect(() => loadConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'short' })).toThrow(
			/\(hidden\)/
		);
		try {
			loadConfig({ DEMO_PASSWORD: 'tiny', DATABASE_URL: 'mysql://u:topsecret@h/db' });
		} catch (e) {
			expect(String(e)).not.toMatch(/tiny|topsecret/);
		}
	});
});
