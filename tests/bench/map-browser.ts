/**
 * The operations map in headless Chromium (Debian's, software WebGL) at 1280×800: time from
 * navigation to map idle (basemap, deck.gl and every layer's data in, no request pending), with
 * all layers on, signed in as the command centre's operator, on the scale-10 demo in PostgreSQL.
 * CPU-rendered, so it is reported, not held to a bar. Needs a build (`npm run build`; BUILD_DIR
 * picks another) and Debian's chromium.
 */
import { launchBrowser, startServer } from '../e2e/server';
import { percentile, scratchDatabase, type BenchResult } from './util';

const PASSWORD = 'bench-map-password-2026';
const RUNS = 5;
const ALL_LAYERS =
	'/?layers=sensors,service,incidents,grid,labels,district,subdistrict,community,basemap';

export async function benchMapBrowser(): Promise<BenchResult[]> {
	const scale = process.env.BENCH_MAP_SCALE ?? '10';
	const scratch = await scratchDatabase('jiedao_bench_map');
	// The server seeds the empty database on its first start.
	const server = await startServer({
		env: {
			DATABASE_URL: scratch.url,
			// A scratch database the bench creates and drops as the admin role.
			DB_ALLOW_SUPERUSER: 'true',
			SEED_SCALE: scale,
			DEMO_PASSWORD: PASSWORD
		},
		timeoutMs: 900_000
	});
	const browser = await launchBrowser();
	try {
		const context = await browser.newContext({
			viewport: { width: 1280, height: 800 },
			deviceScaleFactor: 1
		});
		const login = await context.request.post(`${server.url}/api/auth/login`, {
			data: { username: 'demo-operator', password: PASSWORD }
		});
		if (!login.ok()) throw new Error(`login: HTTP ${login.status()}`);
		const times: number[] = [];
		for (let i = 0; i < RUNS + 1; i++) {
			const page = await context.newPage();
			await page.goto(server.url + ALL_LAYERS);
			await page.locator('[data-testid="ops-map"][data-idle="true"]').waitFor({ timeout: 180_000 });
			// ms since the navigation started, after the frame that follows idle is drawn.
			const ms = await page.evaluate(
				() =>
					new Promise<number>((resolve) =>
						requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))
					)
			);
			await page.close();
			// The first run warms the server's caches and the browser's HTTP cache: left out.
			if (i > 0) times.push(ms);
		}
		times.sort((a, b) => a - b);
		return [
			{
				name: `Map page: navigation → map idle, headless Chromium 1280×800, all layers, scale ${scale} (median of ${RUNS})`,
				value: percentile(times, 50),
				unit: 'ms',
				note: `min ${Math.round(times[0]!)} ms, max ${Math.round(times.at(-1)!)} ms; software WebGL`
			}
		];
	} finally {
		await browser.close();
		await server.stop();
		await scratch.drop();
	}
}
