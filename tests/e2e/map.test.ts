/**
 * The app shell and the map in a real browser against the built server: language (zh-CN first,
 * English remembered), the map really drawing boundaries and names, the layers API's errors.
 * Screenshots are written to $E2E_SHOTS (default /tmp/jiedao-e2e) for a human to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
	colourCount,
	countUnlike,
	diffCount,
	launchBrowser,
	settle,
	startServer,
	type Pixels,
	type RunningServer
} from './server';

const SHOTS = process.env.E2E_SHOTS ?? '/tmp/jiedao-e2e';
const BACKGROUND: [number, number, number] = [0xe4, 0xe8, 0xee];

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	fs.mkdirSync(SHOTS, { recursive: true });
	[server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** A fresh browser profile (no language cookie) and a page that records what went wrong. */
async function open(viewport = { width: 1280, height: 800 }) {
	const context: BrowserContext = await browser.newContext({ viewport, deviceScaleFactor: 1 });
	const page: Page = await context.newPage();
	const problems: string[] = [];
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	page.on('console', (msg) => {
		if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
	});
	return { context, page, problems };
}

/** The floating panels over the map, masked out of pixel comparisons. */
const panels = (page: Page) => [page.getByTestId('legend'), page.getByTestId('status')];

async function loadMap(page: Page, name: string): Promise<Pixels> {
	await page.goto(server.url);
	const map = page.getByTestId('map');
	await map.locator('canvas').waitFor();
	await page.locator('[data-testid="map"][data-loaded="true"]').waitFor({ timeout: 60_000 });
	// The district is drawn: plenty of non-background pixels, in several colours.
	return settle(
		map,
		(p) => countUnlike(p, BACKGROUND) > p.width * p.height * 0.2 && colourCount(p) > 8,
		{ mask: panels(page), failShot: path.join(SHOTS, `${name}-timeout.png`) }
	);
}

async function save(p: Pixels, name: string) {
	await fs.promises.writeFile(path.join(SHOTS, name), p.png);
}

describe('language', () => {
	it('serves Chinese by default', async () => {
		const { context, page, problems } = await open();
		const res = await page.goto(server.url);
		expect(res?.status()).toBe(200);
		expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
		await expect.poll(() => page.title()).toContain('街道一网统管');
		expect(await page.getByTestId('app-title').textContent()).toBe('街道一网统管');
		expect(await page.getByTestId('legend').textContent()).toContain('图例');
		expect(await page.getByTestId('lang-switch').textContent()).toContain('English');
		// The status line fills in from /api/health.
		await expect
			.poll(() => page.getByTestId('status').textContent(), { timeout: 30_000 })
			.toMatch(/街道 14 个/);
		expect(problems).toEqual([]);
		await context.close();
	});

	it('switches to English and remembers it after a reload', async () => {
		const { context, page, problems } = await open();
		await page.goto(server.url);
		await page.getByTestId('app-title').waitFor();
		await Promise.all([page.waitForEvent('load'), page.getByTestId('lang-switch').click()]);
		await expect.poll(() => page.getAttribute('html', 'lang')).toBe('en');
		expect(await page.getByTestId('app-title').textContent()).toBe('Jiedao One Map');
		expect(await page.title()).toContain('Jiedao One Map');
		expect(await page.getByTestId('legend').textContent()).toContain('Subdistricts');
		const cookies = await context.cookies(server.url);
		expect(cookies.find((c) => c.name === 'PARAGLIDE_LOCALE')?.value).toBe('en');

		await page.reload();
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await page.getByTestId('app-title').textContent()).toBe('Jiedao One Map');
		expect(await page.getByTestId('lang-switch').textContent()).toContain('中文');

		// And back.
		await Promise.all([page.waitForEvent('load'), page.getByTestId('lang-switch').click()]);
		await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-CN');
		expect(problems).toEqual([]);
		await context.close();
	});
});

describe('the map', () => {
	it('draws the boundaries and the subdistrict names', async () => {
		const { context, page, problems } = await open();
		const map = page.getByTestId('map');
		const full = await loadMap(page, 'map-zh');
		await save(full, 'map-zh.png');
		await fs.promises.writeFile(path.join(SHOTS, 'page-zh.png'), await page.screenshot());
		const opts = (name: string) => ({
			mask: panels(page),
			failShot: path.join(SHOTS, `${name}-timeout.png`)
		});
		const area = full.width * full.height;

		// Boundaries off: subdistrict fills and lines, community lines, district outline.
		for (const id of ['subdistrict', 'community', 'district']) {
			await page.getByTestId(`toggle-${id}`).uncheck();
		}
		const bare = await settle(map, (p) => diffCount(full, p) > area * 0.05, opts('bare'));
		await save(bare, 'map-no-boundaries.png');
		expect(diffCount(full, bare)).toBeGreaterThan(area * 0.05);

		// Back on: the same picture again.
		for (const id of ['subdistrict', 'community', 'district']) {
			await page.getByTestId(`toggle-${id}`).check();
		}
		const again = await settle(map, (p) => diffCount(full, p) < area * 0.001, opts('again'));
		expect(diffCount(full, again)).toBeLessThan(area * 0.001);

		// Names off: only the labels change, and they cover a visible number of pixels.
		await page.getByTestId('toggle-labels').uncheck();
		const unlabelled = await settle(map, (p) => diffCount(full, p) > 2_000, opts('unlabelled'));
		await save(unlabelled, 'map-no-labels.png');
		const labelPixels = diffCount(full, unlabelled);
		expect(labelPixels).toBeGreaterThan(2_000);
		expect(labelPixels).toBeLessThan(area * 0.15);

		expect(problems).toEqual([]);
		await context.close();
	});

	it('fits a phone screen', async () => {
		const { context, page, problems } = await open({ width: 375, height: 740 });
		await loadMap(page, 'map-phone');
		await fs.promises.writeFile(
			path.join(SHOTS, 'page-phone.png'),
			await page.screenshot({ fullPage: false })
		);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			375
		);
		// The header stays one row: nothing wraps.
		expect((await page.getByRole('banner').boundingBox())?.height).toBeLessThan(60);
		// The legend starts folded on a phone and opens on demand.
		const fold = page.getByTestId('legend-fold');
		expect(await fold.getAttribute('aria-expanded')).toBe('false');
		await fold.click();
		expect(await fold.getAttribute('aria-expanded')).toBe('true');
		expect(await page.getByTestId('toggle-subdistrict').isVisible()).toBe(true);
		expect(problems).toEqual([]);
		await context.close();
	});

	it('shows the whole page in English too', async () => {
		const { context, page, problems } = await open();
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: server.url }]);
		await loadMap(page, 'map-en');
		await fs.promises.writeFile(path.join(SHOTS, 'page-en.png'), await page.screenshot());
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(problems).toEqual([]);
		await context.close();
	});
});

describe('the layers API', () => {
	it('rejects a bad level with 400 and a message naming the parameter', async () => {
		for (const q of ['?level=bogus', '']) {
			const res = await fetch(`${server.url}/api/layers/boundaries${q}`);
			expect(res.status).toBe(400);
			const body = (await res.json()) as { message: string };
			expect(body.message).toMatch(/level/);
		}
	});

	it('serves cacheable GeoJSON and answers a revalidation with 304', async () => {
		for (const path of ['/api/layers/boundaries?level=subdistrict', '/api/layers/basemap']) {
			const res = await fetch(server.url + path);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
			expect(res.headers.get('cache-control')).toBe('public, max-age=300');
			const etag = res.headers.get('etag');
			expect(etag).toMatch(/^"/);
			const fc = (await res.json()) as { type: string; features: unknown[] };
			expect(fc.type).toBe('FeatureCollection');
			expect(fc.features.length).toBeGreaterThan(0);
			const again = await fetch(server.url + path, { headers: { 'If-None-Match': etag ?? '' } });
			expect(again.status).toBe(304);
		}
	});
});
