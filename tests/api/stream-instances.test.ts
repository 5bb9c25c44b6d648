/**
 * Two app instances on ONE PostgreSQL database: a case created through one reaches the live
 * stream of the other (LISTEN/NOTIFY on the change_log trigger). The first instance is the built
 * app in-process (tests/api/harness.ts, which allows one per process); the second is
 * `node build/index.js` in a child process on the same database. PostgreSQL only: PGlite is one
 * process's embedded database.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startApi, type Api } from './harness';
import { startServer, type RunningServer } from '../e2e/server';
import { appRole, asAppRole, postgresUrl, withDatabase } from '../setup/engines';

const pg = postgresUrl();
let api: Api;
let second: RunningServer;

beforeAll(async () => {
	if (!pg) return;
	api = await startApi();
	const [{ name }] = (await api.db.query<{ name: string }>(
		'SELECT current_database() AS name'
	)) as [{ name: string }];
	second = await startServer({
		env: {
			DATABASE_URL: asAppRole(withDatabase(pg, name)),
			SEED_ON_EMPTY: 'false',
			// Without an app role the tests connect as the server's superuser (local runs only).
			DB_ALLOW_SUPERUSER: appRole() ? 'false' : 'true',
			LOG_LEVEL: 'error',
			RATE_LIMIT_PUBLIC_PER_MINUTE: '0'
		},
		timeoutMs: 60_000
	});
}, 120_000);
afterAll(async () => {
	await second?.stop();
	await api?.close();
});

function post(base: string, p: string, body: unknown, cookie?: string) {
	const u = new URL(p, base);
	const data = Buffer.from(JSON.stringify(body));
	return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>(
		(resolve, reject) => {
			const req = http.request(
				{
					host: u.hostname,
					port: u.port,
					path: u.pathname,
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						'content-length': String(data.length),
						...(cookie ? { cookie } : {})
					}
				},
				(res) => {
					let text = '';
					res.setEncoding('utf8');
					res.on('data', (c: string) => (text += c));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
				}
			);
			req.on('error', reject);
			req.end(data);
		}
	);
}

describe.runIf(pg)('two app instances on one PostgreSQL database', () => {
	it('a case created through one reaches the stream of the other', async () => {
		// Sign in on the second instance (same database, so the same demo accounts).
		const login = await post(second.url, '/api/auth/login', {
			username: 'demo-admin',
			password: PASSWORD
		});
		expect(login.status, login.text).toBe(200);
		const cookie = (login.headers['set-cookie'] ?? [])
			.map((c) => c.split(';')[0]!)
			.find((c) => c.includes('jiedao_session'))!;
		expect(cookie).toBeDefined();

		const frames: { event: string; data: Record<string, unknown> }[] = [];
		const u = new URL('/api/stream', second.url);
		let res: http.IncomingMessage | undefined;
		await new Promise<void>((resolve, reject) => {
			http
				.get({ host: u.hostname, port: u.port, path: u.pathname, headers: { cookie } }, (r) => {
					res = r;
					expect(r.statusCode).toBe(200);
					let buf = '';
					r.setEncoding('utf8');
					r.on('data', (chunk: string) => {
						buf += chunk;
						let at: number;
						while ((at = buf.indexOf('\n\n')) >= 0) {
							const block = buf.slice(0, at);
							buf = buf.slice(at + 2);
							const event = /^event: (.*)$/m.exec(block)?.[1];
							const data = /^data: (.*)$/m.exec(block)?.[1];
							if (event && data) frames.push({ event, data: JSON.parse(data) });
						}
					});
					r.once('data', () => resolve());
				})
				.on('error', reject);
		});

		const [p] = await api.db.query<{ lon: number; lat: number }>(
			'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE subdistrict_code IS NOT NULL ORDER BY id LIMIT 1'
		);
		const created = await api.request('POST', '/api/incidents', {
			cookie: await api.login('demo-admin'),
			sameOrigin: true,
			body: { category: '20101', lon: p!.lon, lat: p!.lat, description: 'Two instances' }
		});
		expect(created.status, created.text).toBe(201);
		const { incident } = created.json<{ incident: { id: number; number: string } }>();
		const end = Date.now() + 5000;
		while (Date.now() < end && !frames.some((f) => f.data.id === incident.id)) {
			await new Promise((r) => setTimeout(r, 20));
		}
		res?.destroy();
		expect(frames.find((f) => f.event === 'incident' && f.data.id === incident.id)).toMatchObject({
			data: { number: incident.number, op: 'insert' }
		});
	}, 30_000);
});
