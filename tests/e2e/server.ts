/**
 * Browser-test helpers: start the BUILT app (build/index.js; run `npx vite build` first) on a free
 * port with a fresh PGlite data directory (the server seeds the demo on first start), and drive
 * Debian's Chromium through playwright-core. Nothing here builds anything.
 *
 * E2E_DATABASE_URL runs the server on that PostgreSQL database instead (it must already hold the
 * demo or be empty, in which case the server seeds it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator } from 'playwright-core';
import sharp from 'sharp';

export interface RunningServer {
	/** e.g. http://127.0.0.1:41234 */
	url: string;
	/** What the server printed so far (for failure messages). */
	output(): string;
	stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() =>
				addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))
			);
		});
	});
}

/**
 * Starts `node build/index.js` and waits until /api/health answers 200.
 * @param opts.env extra environment (e.g. SEED_SCALE)
 * @param opts.timeoutMs how long start-up (migrations + seeding the demo) may take
 */
export async function startServer(
	opts: { env?: Record<string, string>; timeoutMs?: number } = {}
): Promise<RunningServer> {
	const entry = path.join(ROOT, process.env.BUILD_DIR ?? 'build', 'index.js');
	if (!fs.existsSync(entry)) {
		throw new Error(`${entry} is missing: build the app first (npx vite build)`);
	}
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiedao-e2e-'));
	const env: Record<string, string | undefined> = {
		...process.env,
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: url,
		PGLITE_DATA_DIR: path.join(dataDir, 'pglite'),
		DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
		SEED_SCALE: '0.1',
		// The db tests' demo (tests/setup/engines.ts TEST_SEED), whatever the hour: the leaders'
		// page shows warnings that tests/db/indicators-demo.test.ts proves fire on it.
		SEED: '4242',
		SEED_NOW: '2026-11-20T10:00:00+08:00',
		LOG_LEVEL: 'warn',
		// As `npm start` sets it (scripts/start.js): reports carry up to 3 × 8 MB photos.
		BODY_SIZE_LIMIT: '26M',
		...opts.env
	};
	let log = '';
	const child: ChildProcess = spawn(process.execPath, [entry], {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (b: Buffer) => (log += b.toString()));
	child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
	const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		fs.rmSync(dataDir, { recursive: true, force: true });
	};

	const deadline = Date.now() + (opts.timeoutMs ?? 170_000);
	try {
		for (;;) {
			if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode})`);
			try {
				const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
				if (res.ok) break;
			} catch {
				// not listening yet
			}
			if (Date.now() > deadline) throw new Error('the server did not become healthy in time');
			await sleep(250);
		}
	} catch (e) {
		await stop();
		throw new Error(`${(e as Error).message}\n--- server output ---\n${log}`, { cause: e });
	}
	return { url, output: () => log, stop };
}

/** Debian's Chromium, headless, software WebGL (SwiftShader); never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--enable-unsafe-swiftshader'
		]
	});
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}

// Pixels ------------------------------------------------------------------------------------

export interface Pixels {
	width: number;
	height: number;
	/** RGBA, row by row. */
	data: Buffer;
	png: Buffer;
}

/**
 * A screenshot of an element, decoded to RGBA.
 * @param mask elements painted over with a flat colour (floating panels above the map)
 */
export async function grab(target: Locator, mask: Locator[] = []): Promise<Pixels> {
	const png = await target.screenshot({ animations: 'disabled', caret: 'hide', mask });
	const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
	return { width: info.width, height: info.height, data, png };
}

/** How many pixels differ by more than `tolerance` (sum of |ΔR|+|ΔG|+|ΔB|). */
export function diffCount(a: Pixels, b: Pixels, tolerance = 24): number {
	if (a.width !== b.width || a.height !== b.height) return a.width * a.height;
	let n = 0;
	for (let i = 0; i < a.data.length; i += 4) {
		const d =
			Math.abs(a.data[i]! - b.data[i]!) +
			Math.abs(a.data[i + 1]! - b.data[i + 1]!) +
			Math.abs(a.data[i + 2]! - b.data[i + 2]!);
		if (d > tolerance) n++;
	}
	return n;
}

/** How many pixels differ from one colour by more than `tolerance`. */
export function countUnlike(p: Pixels, rgb: [number, number, number], tolerance = 24): number {
	let n = 0;
	for (let i = 0; i < p.data.length; i += 4) {
		const d =
			Math.abs(p.data[i]! - rgb[0]) +
			Math.abs(p.data[i + 1]! - rgb[1]) +
			Math.abs(p.data[i + 2]! - rgb[2]);
		if (d > tolerance) n++;
	}
	return n;
}

/** How many distinct colours (quantised to 4 bits per channel) the image holds. */
export function colourCount(p: Pixels): number {
	const seen = new Set<number>();
	for (let i = 0; i < p.data.length; i += 4) {
		seen.add(((p.data[i]! >> 4) << 8) | ((p.data[i + 1]! >> 4) << 4) | (p.data[i + 2]! >> 4));
	}
	return seen.size;
}

/**
 * Polls screenshots until `accept` holds and two consecutive shots agree (the map has finished
 * painting). Under SwiftShader 'idle' can fire before layers are painted, so this waits for
 * pixels, not events.
 * @param opts.mask elements to paint over (panels floating above the map)
 * @param opts.failShot where to save the last shot if it never settles
 */
export async function settle(
	target: Locator,
	accept: (p: Pixels) => boolean = () => true,
	opts: { timeoutMs?: number; mask?: Locator[]; failShot?: string } = {}
): Promise<Pixels> {
	const timeoutMs = opts.timeoutMs ?? 60_000;
	const deadline = Date.now() + timeoutMs;
	let prev: Pixels | null = null;
	for (;;) {
		const cur = await grab(target, opts.mask);
		if (prev && accept(cur) && diffCount(prev, cur, 0) === 0) return cur;
		if (Date.now() > deadline) {
			if (opts.failShot) fs.writeFileSync(opts.failShot, cur.png);
			throw new Error(
				`the map did not settle within ${timeoutMs} ms` +
					(opts.failShot ? ` (last shot: ${opts.failShot})` : '')
			);
		}
		prev = cur;
		await sleep(400);
	}
}
