/**
 * Drives the BUILT app in-process: build/handler.js (adapter-node's request handler, the same
 * code `node build/index.js` serves) on a real HTTP server on a free port, with the test's own
 * database handed to the app through the `jiedao.testApp` global that hooks.server.ts honours only
 * under vitest. So requests go through adapter-node (client address, protocol, body limits),
 * kit (routing, origin check, actions) and our hooks, while the test can read the database
 * before and after each call. Needs `vite build` first; nothing here builds.
 *
 * adapter-node without ORIGIN believes the request is https (its default), so the app sets the
 * `__Host-` cookie; `x-forwarded-proto: http` with PROTOCOL_HEADER makes it plain http.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../../src/lib/server/config';
import { withSystemRole } from '../../src/lib/server/auth/rls';
import { createDemoUsers } from '../../src/lib/server/auth/demo-users';
import { testDb, type TestDb } from '../setup/test-db';

export const PASSWORD = 'demo-password-for-tests';
const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
	cookie?: string | null;
	/** A JSON value (sent as application/json unless headers say otherwise) or raw text/bytes. */
	body?: unknown;
	raw?: string | Buffer;
	/** Send the body in chunks without Content-Length (Transfer-Encoding: chunked). */
	chunked?: boolean;
	headers?: Record<string, string>;
	/** Add our own Origin header (what a browser does on same-origin POSTs). */
	sameOrigin?: boolean;
}

export interface Api {
	port: number;
	/** What the app believes its origin is (https by adapter-node's default). */
	origin: string;
	db: TestDb;
	config: Config;
	request(method: string, p: string, opts?: RequestOptions): Promise<Reply>;
	/** Signs in through POST /api/auth/login; returns the Cookie header value. */
	login(username: string, password?: string): Promise<string>;
	close(): Promise<void>;
}

function send(port: number, method: string, p: string, opts: RequestOptions): Promise<Reply> {
	const headers: Record<string, string> = { ...opts.headers };
	let payload: Buffer | undefined;
	if (opts.raw !== undefined) payload = Buffer.from(opts.raw);
	else if (opts.body !== undefined) {
		payload = Buffer.from(JSON.stringify(opts.body));
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
			headers['content-type'] = 'application/json';
		}
	}
	if (opts.cookie) headers.cookie = opts.cookie;
	if (opts.sameOrigin) headers.origin = `https://127.0.0.1:${port}`;
	if (payload && !opts.chunked) headers['content-length'] = String(payload.length);
	return new Promise((resolve, reject) => {
		const req = http.request({ host: '127.0.0.1', port, method, path: p, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				resolve({
					status: res.statusCode ?? 0,
					headers: res.headers,
					text,
					json: <T>() => JSON.parse(text) as T
				});
			});
			res.on('error', reject);
		});
		req.on('error', reject);
		if (payload && opts.chunked) {
			for (let i = 0; i < payload.length; i += 4096) req.write(payload.subarray(i, i + 4096));
		} else if (payload) req.write(payload);
		req.end();
	});
}

/** The session cookie pair (name=value) from a Set-Cookie header, or null. */
export function sessionPair(reply: Reply): string | null {
	const set = reply.headers['set-cookie'] ?? [];
	for (const c of set) {
		const m = /^((?:__Host-)?jiedao_session)=([^;]*)/.exec(c);
		if (m && m[2]) return `${m[1]}=${m[2]}`;
	}
	return null;
}

function newestMtime(dir: string): number {
	let newest = 0;
	for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, f.name);
		newest = Math.max(newest, f.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

export async function startApi(env: Record<string, string> = {}): Promise<Api> {
	const key = Symbol.for('jiedao.testApp');
	const g = globalThis as Record<symbol, unknown>;
	if (g[key]) throw new Error('one app per test file (process)');
	const entry = path.join(ROOT, process.env.BUILD_DIR ?? 'build', 'handler.js');
	if (!fs.existsSync(entry))
		throw new Error('build/handler.js is missing: run `npx vite build` first');
	// A build older than the routes would test an old app against the current route manifest.
	if (fs.statSync(entry).mtimeMs < newestMtime(path.join(ROOT, 'src/routes'))) {
		throw new Error('build/ is older than src/routes: run `npx vite build` before the API tests');
	}
	const db = await testDb();
	await createDemoUsers(db, PASSWORD);
	const config = loadConfig({
		LOGIN_DELAY_MS: '0',
		RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
		LOG_LEVEL: 'error',
		...env
	});
	g[key] = { config, db };
	process.env.PROTOCOL_HEADER = 'x-forwarded-proto';
	process.env.BODY_SIZE_LIMIT ??= '2M';
	// The api project externalises build/ (vite.config.ts), so node itself loads the bundle and it
	// runs exactly as `node build/index.js` runs it.
	const { handler } = (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as {
		handler: http.RequestListener;
	};
	const server = http.createServer(handler);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const port = (server.address() as { port: number }).port;
	const api: Api = {
		port,
		origin: `https://127.0.0.1:${port}`,
		db,
		config,
		request: (method, p, opts = {}) => send(port, method, p, opts),
		async login(username, password = PASSWORD) {
			const r = await send(port, 'POST', '/api/auth/login', { body: { username, password } });
			const pair = sessionPair(r);
			if (r.status !== 200 || !pair)
				throw new Error(`sign-in of ${username} failed: ${r.status} ${r.text}`);
			return pair;
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((r) => server.close(() => r()));
			await db.close();
			delete g[key];
		}
	};
	return api;
}

/**
 * A fingerprint of everything a request could change (sessions' last_seen_at excluded: reading
 * slides it). Read as 'system' so row-level security shows every row on PostgreSQL.
 */
export async function dbFingerprint(db: TestDb): Promise<string> {
	const rows = await withSystemRole(db).transaction((tx) =>
		tx.query<{ k: string; v: string }>(
			`SELECT 'app_user' AS k, md5(coalesce(string_agg(u::text, '|' ORDER BY u.id), '')) AS v FROM app_user u
			 UNION ALL SELECT 'session', md5(coalesce(string_agg(s.token_hash || s.user_id || s.expires_at, '|' ORDER BY s.token_hash), '')) FROM session s
			 UNION ALL SELECT 'audit_log', count(*)::text FROM audit_log
			 UNION ALL SELECT 'incident', count(*)::text || '/' || coalesce(sum(version), 0)::text FROM incident
			 UNION ALL SELECT 'incident_contact', md5(coalesce(string_agg(c::text, '|' ORDER BY c.incident_id), '')) FROM incident_contact c
			 UNION ALL SELECT 'household', md5(coalesce(string_agg(h::text, '|' ORDER BY h.id), '')) FROM household h
			 UNION ALL SELECT 'grid_worker', md5(coalesce(string_agg(g.id || ':' || coalesce(g.grid_worker_id, 0), '|' ORDER BY g.id), '')) FROM grid_cell g
			 UNION ALL SELECT 'scenario', md5(coalesce(string_agg(x::text, '|' ORDER BY x.id), '')) FROM scenario x
			 UNION ALL SELECT 'warning', md5(coalesce(string_agg(w.id || w.state || coalesce(w.acknowledged_by, 0), '|' ORDER BY w.id), '')) FROM warning w
			 UNION ALL SELECT 'service_point', count(*)::text FROM service_point`
		)
	);
	return rows.map((r) => `${r.k}=${r.v}`).join(';');
}

export interface ManifestEntry {
	/** e.g. 'GET /api/admin/users/[id]', 'POST /admin/users?/create', 'GET /login' */
	key: string;
	method: string;
	route: string;
	kind: 'endpoint' | 'page' | 'action';
	action?: string;
}

/** Every route × method from src/routes: +server.ts exports, pages, and +page.server.ts actions. */
export function routeManifest(dir = path.join(ROOT, 'src/routes')): ManifestEntry[] {
	const out: ManifestEntry[] = [];
	const walk = (d: string) => {
		const files = fs.readdirSync(d, { withFileTypes: true });
		const rel = path.relative(path.join(ROOT, 'src/routes'), d).split(path.sep).filter(Boolean);
		const route = '/' + rel.filter((s) => !/^\(.*\)$/.test(s)).join('/');
		const names = new Set(files.filter((f) => f.isFile()).map((f) => f.name));
		if (names.has('+server.ts') || names.has('+server.js')) {
			const src = fs.readFileSync(
				path.join(d, names.has('+server.ts') ? '+server.ts' : '+server.js'),
				'utf8'
			);
			const re =
				/export\s+(?:const|let|async\s+function|function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|fallback)\b/g;
			for (const m of src.matchAll(re)) {
				out.push({ key: `${m[1]} ${route}`, method: m[1]!, route, kind: 'endpoint' });
			}
		}
		if (names.has('+page.svelte'))
			out.push({ key: `GET ${route}`, method: 'GET', route, kind: 'page' });
		if (names.has('+page.server.ts')) {
			const src = fs.readFileSync(path.join(d, '+page.server.ts'), 'utf8');
			const block = /export const actions[^=]*=\s*{([\s\S]*?)\n};/.exec(src)?.[1] ?? '';
			for (const m of block.matchAll(/^\t(?:async\s+)?([A-Za-z_]\w*)\s*(?::|\()/gm)) {
				const action = m[1]!;
				const key = action === 'default' ? `POST ${route}` : `POST ${route}?/${action}`;
				out.push({ key, method: 'POST', route, kind: 'action', action });
			}
		}
		for (const f of files) if (f.isDirectory()) walk(path.join(d, f.name));
	};
	walk(dir);
	return out.sort((a, b) => a.key.localeCompare(b.key));
}
