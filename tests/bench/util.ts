/** Shared helpers for `npm run bench`: servers, timing, PostgreSQL scratch databases. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import postgres from 'postgres';

export const PG_ADMIN_URL =
	process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchResult {
	name: string;
	value: number;
	unit: string;
	bar?: string;
	ok?: boolean;
	note?: string;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const a = s.address();
			s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
		});
	});
}

export interface Server {
	url: string;
	proc: ChildProcess;
	/** ms from spawn to the first 200 from /api/health */
	readyMs: number;
	stop(): Promise<void>;
}

/** Starts the built server (build/index.js) and waits for /api/health. */
export async function startServer(
	env: Record<string, string>,
	timeoutMs = 300_000
): Promise<Server> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const t0 = performance.now();
	const proc = spawn(process.execPath, ['build/index.js'], {
		env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
		stdio: ['ignore', 'inherit', 'inherit']
	});
	let exited = false;
	proc.once('exit', () => (exited = true));
	for (;;) {
		if (exited) throw new Error('server exited before it was healthy');
		if (performance.now() - t0 > timeoutMs) {
			proc.kill('SIGKILL');
			throw new Error('server not healthy in time');
		}
		try {
			const r = await fetch(`${url}/api/health`);
			if (r.ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	const readyMs = performance.now() - t0;
	return {
		url,
		proc,
		readyMs,
		stop: () =>
			new Promise<void>((resolve) => {
				if (exited) return resolve();
				proc.once('exit', () => resolve());
				proc.kill('SIGTERM');
			})
	};
}

/** Creates a scratch database and returns its URL and a drop function. */
export async function scratchDatabase(prefix: string) {
	const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
	const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
	await admin.unsafe(`CREATE DATABASE ${name}`);
	await admin.end();
	const u = new URL(PG_ADMIN_URL);
	u.pathname = `/${name}`;
	return {
		url: u.toString(),
		async drop() {
			const a = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
			await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await a.end();
		}
	};
}

export function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i]!;
}
