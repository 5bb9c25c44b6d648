/**
 * The operations map (issue 3 §5) on PostgreSQL at scale 10 (≈ 200,000 cases), through the built
 * server (BUILD_DIR, default build/):
 * - incident tile endpoint vs the raw ST_AsMVT statement for the same tile, same run, at z10, z12
 *   and z14: HTTP overhead ≤ 1.3× (median vs median), z14 p95 ≤ 20 ms;
 * - bytes for the initial city view with all layers on (basemap, boundaries, grid, service
 *   points, sensors, the incident tiles covering the district at z12), gzip: ≤ 1.5 MB;
 * - stream latency from commit to 200 connected SSE clients: p95 ≤ 1 s.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import postgres from 'postgres';
import type { Actor } from '../../src/lib/domain/actor';
import { parseFilters, type TileAddress } from '../../src/lib/map/filters';
import { openPostgres } from '../../src/lib/server/db/postgres';
import { migrate } from '../../src/lib/server/db/migrate';
import { seedDemo } from '../../src/lib/server/seed';
import { createDemoUsers } from '../../src/lib/server/auth/demo-users';
import { mvtStatement, tileQuery } from '../../src/lib/server/map/incidents';
import { freePort, PG_ADMIN_URL, percentile, type BenchResult } from './util';

const NAME = 'jiedao_bench_map_s10';
const NOW = new Date('2026-11-20T10:00:00+08:00');
const PASSWORD = 'bench-map-password';
const PERIOD = 'from=2026-10-22&to=2026-11-20';
const admin: Actor = { role: 'admin', scope: 'all', userId: null, username: 'bench' };
const RUNS = 40;
const CLIENTS = 200;
const CHANGES = 20;

async function scale10Url(): Promise<string> {
	const u = new URL(PG_ADMIN_URL);
	u.pathname = `/${NAME}`;
	const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
	const [exists] = await a`SELECT 1 AS x FROM pg_database WHERE datname = ${NAME}`;
	await a.end();
	if (exists) {
		const probe = postgres(u.toString(), { max: 1, onnotice: () => {} });
		try {
			const [r] = await probe`SELECT count(*)::int AS n FROM incident`;
			const [users] =
				await probe`SELECT count(*)::int AS n FROM app_user WHERE username = 'demo-admin'`;
			if ((r?.n ?? 0) >= 150_000 && (users?.n ?? 0) === 1) return u.toString();
		} catch {
			// half-built: rebuilt below
		} finally {
			await probe.end();
		}
	}
	const b = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
	await b.unsafe(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
	await b.unsafe(`CREATE DATABASE ${NAME}`);
	await b.end();
	const db = await openPostgres({ url: u.toString(), statementTimeoutMs: 3_600_000, max: 4 });
	try {
		await migrate(db);
		const t0 = performance.now();
		await seedDemo(db, { scale: 10, seed: 20260101, now: NOW });
		console.log(`  seeded scale 10 in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
		await createDemoUsers(db, PASSWORD);
		await db.query('ANALYZE');
	} finally {
		await db.close();
	}
	return u.toString();
}

interface Running {
	url: string;
	stop(): Promise<void>;
}

async function startBuilt(env: Record<string, string>): Promise<Running> {
	const entry = path.resolve(process.env.BUILD_DIR ?? 'build', 'index.js');
	if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build first`);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const proc = spawn(process.execPath, [entry], {
		env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
		stdio: ['ignore', 'inherit', 'inherit']
	});
	let exited = false;
	proc.once('exit', () => (exited = true));
	const t0 = Date.now();
	for (;;) {
		if (exited) throw new Error('server exited before it was healthy');
		if (Date.now() - t0 > 120_000) throw new Error('server not healthy in time');
		try {
			if ((await fetch(`${url}/api/health`)).ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		stop: () =>
			new Promise<void>((resolve) => {
				if (exited) return resolve();
				proc.once('exit', () => resolve());
				proc.kill('SIGTERM');
			})
	};
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function get(url: string, cookie: string): Promise<{ status: number; body: Buffer; ms: number }> {
	const t0 = performance.now();
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent, headers: { cookie } }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks),
						ms: performance.now() - t0
					})
				);
			})
			.on('error', reject);
	});
}

function tileOf(lon: number, lat: number, z: number): TileAddress {
	const n = 2 ** z;
	const r = (lat * Math.PI) / 180;
	return {
		z,
		x: Math.floor(((lon + 180) / 360) * n),
		y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
	};
}

async function login(base: string): Promise<string> {
	const r = await fetch(`${base}/api/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'demo-admin', password: PASSWORD })
	});
	if (r.status !== 200) throw new Error(`login: ${r.status}`);
	const pair = /((?:__Host-)?jiedao_session=[^;]+)/.exec(r.headers.get('set-cookie') ?? '');
	if (!pair) throw new Error('no session cookie');
	return pair[1]!;
}

export async function benchMap(): Promise<BenchResult[]> {
	const dbUrl = await scale10Url();
	const server = await startBuilt({
		DATABASE_URL: dbUrl,
		DB_ALLOW_SUPERUSER: 'true',
		SEED_ON_EMPTY: 'false',
		RATE_LIMIT_PUBLIC_PER_MINUTE: '0'
	});
	const sql = postgres(dbUrl, { max: 4, onnotice: () => {} });
	const out: BenchResult[] = [];
	try {
		const cookie = await login(server.url);
		const [c] = await sql<
			{ lon: number; lat: number; w: number; s: number; e: number; n: number }[]
		>`
			SELECT ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat,
			       ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n
			  FROM admin_area WHERE level = 'district'`;
		const parsed = parseFilters(new URLSearchParams(PERIOD), '2026-11-20');
		if (!parsed.ok) throw parsed.error;

		// 1. Tile endpoint vs the raw ST_AsMVT statement, interleaved in the same run.
		for (const z of [10, 12, 14]) {
			const t = tileOf(c!.lon, c!.lat, z);
			const q = tileQuery(admin, t, parsed.value, new Date());
			const statement = mvtStatement(q);
			const url = `${server.url}/api/tiles/incidents/${t.z}/${t.x}/${t.y}?${PERIOD}`;
			const httpMs: number[] = [];
			const rawMs: number[] = [];
			let bytes = 0;
			for (let i = 0; i < RUNS + 3; i++) {
				const r = await get(url, cookie);
				if (r.status !== 200) throw new Error(`tile ${url}: ${r.status}`);
				bytes = r.body.length;
				const t0 = performance.now();
				await sql.unsafe(statement, q.params as never[], { prepare: true });
				const raw = performance.now() - t0;
				if (i >= 3) {
					httpMs.push(r.ms);
					rawMs.push(raw);
				}
			}
			httpMs.sort((a, b) => a - b);
			rawMs.sort((a, b) => a - b);
			const ratio = percentile(httpMs, 50) / percentile(rawMs, 50);
			out.push({
				name: `Tile z${z} (${(bytes / 1024).toFixed(1)} KB): HTTP median ${percentile(httpMs, 50).toFixed(1)} ms / raw ST_AsMVT median ${percentile(rawMs, 50).toFixed(1)} ms`,
				value: ratio,
				unit: '×',
				bar: '≤ 1.3×',
				ok: ratio <= 1.3
			});
			if (z === 14) {
				const p95 = percentile(httpMs, 95);
				out.push({
					name: 'Tile z14 endpoint p95',
					value: p95,
					unit: 'ms',
					bar: '≤ 20 ms',
					ok: p95 <= 20
				});
			}
		}

		// 2. Initial city view, all layers on: gzip bytes.
		const a = tileOf(c!.w, c!.n, 12);
		const b = tileOf(c!.e, c!.s, 12);
		const urls = [
			'/api/layers/basemap',
			'/api/layers/boundaries?level=district',
			'/api/layers/boundaries?level=subdistrict',
			'/api/layers/boundaries?level=community',
			'/api/layers/grid',
			'/api/layers/service-points',
			'/api/layers/sensors'
		];
		for (let x = a.x; x <= b.x; x++) {
			for (let y = a.y; y <= b.y; y++) urls.push(`/api/tiles/incidents/12/${x}/${y}`);
		}
		let gz = 0;
		let rawBytes = 0;
		for (const p of urls) {
			const r = await get(`${server.url}${p}`, cookie);
			if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
			rawBytes += r.body.length;
			gz += zlib.gzipSync(r.body).length;
		}
		out.push({
			name: `Initial city view, all layers (${urls.length} requests, ${(rawBytes / 1048576).toFixed(2)} MB raw), gzip`,
			value: gz / 1048576,
			unit: 'MB',
			bar: '≤ 1.5 MB',
			ok: gz / 1048576 <= 1.5
		});

		// 3. Stream latency: commit → 200 connected clients.
		const received = new Map<number, number[]>();
		const sockets: http.ClientRequest[] = [];
		await Promise.all(
			Array.from(
				{ length: CLIENTS },
				() =>
					new Promise<void>((resolve, reject) => {
						const req = http.get(
							`${server.url}/api/stream`,
							{ agent: false, headers: { cookie } },
							(res) => {
								let buf = '';
								res.setEncoding('utf8');
								res.once('data', () => resolve());
								res.on('data', (chunk: string) => {
									buf += chunk;
									let at: number;
									while ((at = buf.indexOf('\n\n')) >= 0) {
										const m = /^id: (\d+)$/m.exec(buf.slice(0, at));
										buf = buf.slice(at + 2);
										if (m) {
											const id = Number(m[1]);
											const list = received.get(id) ?? [];
											list.push(performance.now());
											received.set(id, list);
										}
									}
								});
							}
						);
						req.on('error', reject);
						sockets.push(req);
					})
			)
		);
		const latencies: number[] = [];
		let missing = 0;
		const [target] = await sql<{ id: number; sub: string }[]>`
			SELECT id::int AS id, subdistrict_code AS sub FROM incident
			 WHERE subdistrict_code IS NOT NULL ORDER BY id DESC LIMIT 1`;
		for (let i = 0; i < CHANGES; i++) {
			const [row] = await sql.begin(async (tx) => {
				await tx`UPDATE incident SET updated_at = now() WHERE id = ${target!.id}`;
				return tx<{ id: number }[]>`
					INSERT INTO change_log (kind, entity_id, op, subdistrict_code)
					VALUES ('incident', ${target!.id}, 'update', ${target!.sub}) RETURNING id::int AS id`;
			});
			const committed = performance.now();
			const id = row!.id;
			const deadline = committed + 5000;
			while ((received.get(id)?.length ?? 0) < CLIENTS && performance.now() < deadline) {
				await new Promise((r) => setTimeout(r, 5));
			}
			const got = received.get(id) ?? [];
			missing += CLIENTS - got.length;
			for (const t of got) latencies.push(t - committed);
			await new Promise((r) => setTimeout(r, 100));
		}
		for (const s of sockets) s.destroy();
		latencies.sort((x, y) => x - y);
		const p95 = percentile(latencies, 95);
		out.push({
			name: `Stream latency commit → ${CLIENTS} clients, ${CHANGES} changes (p50 ${percentile(latencies, 50).toFixed(0)} ms, ${missing} missed), p95`,
			value: p95,
			unit: 'ms',
			bar: '≤ 1000 ms',
			ok: p95 <= 1000 && missing === 0
		});
	} finally {
		agent.destroy();
		await sql.end();
		await server.stop();
	}
	return out;
}
