/**
 * The leaders' page and briefing in a real browser against the built server (zh-CN): the
 * choropleth really draws (pixels change with the indicator), the ranking, the warnings with
 * acknowledgement, the charts, the printable briefing (print media, PDF), the API's 400s, CSV
 * export and scope. Screenshots go to $E2E_SHOTS (default /tmp/jiedao-e2e).
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
	type RunningServer
} from './server';

const SHOTS = process.env.E2E_SHOTS ?? '/tmp/jiedao-e2e';
const PASSWORD = 'leader-e2e-password-2026';
const BACKGROUND: [number, number, number] = [0xe4, 0xe8, 0xee];

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	fs.mkdirSync(SHOTS, { recursive: true });
	[server, browser] = await Promise.all([
		startServer({ env: { DEMO_PASSWORD: PASSWORD } }),
		launchBrowser()
	]);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** A fresh profile signed in as a demo user. */
async function signedIn(username = 'demo-leader') {
	const context: BrowserContext = await browser.newContext({
		viewport: { width: 1400, height: 900 },
		deviceScaleFactor: 1
	});
	const res = await context.request.post(`${server.url}/api/auth/login`, {
		data: { username, password: PASSWORD }
	});
	expect(res.status()).toBe(200);
	const page: Page = await context.newPage();
	const problems: string[] = [];
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	page.on('console', (msg) => {
		if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
	});
	return { context, page, problems };
}

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const to = day(Date.now() + DAY);
const from = day(Date.now() - 27 * DAY);

describe('the leaders page', () => {
	it('draws the choropleth, the ranking, the warnings and the charts in Chinese', async () => {
		const { context, page, problems } = await signedIn();
		const res = await page.goto(`${server.url}/leader?from=${from}&to=${to}&indicator=score`);
		expect(res?.status()).toBe(200);
		expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
		expect(await page.locator('h1').first().textContent()).toBe('领导驾驶舱');

		// Ranking: the 14 subdistricts, with the change since the previous period.
		const ranking = page.getByTestId('ranking');
		expect(await ranking.locator('tbody tr').count()).toBe(14);
		expect(await ranking.locator('thead').textContent()).toContain('较上期');
		// Headline cards carry their definition and numerator / denominator as a tooltip.
		const onTime = page.locator('[data-kpi="onTimeRate"]');
		expect(await onTime.getAttribute('title')).toMatch(/按期结案数 ÷ 应结案数[\s\S]*分子 \/ 分母/);
		// The default rules fire on the demo.
		expect(await page.getByTestId('warning').count()).toBeGreaterThan(0);
		expect(await page.locator('[data-testid="warning"][data-tier="red"]').count()).toBeGreaterThan(
			0
		);

		// The map: drawn, in several colours.
		const map = page.getByTestId('leader-map');
		await page.locator('[data-testid="map"][data-loaded="true"]').waitFor({ timeout: 60_000 });
		const mask = [page.getByTestId('leader-legend')];
		const score = await settle(
			map,
			(p) => countUnlike(p, BACKGROUND) > p.width * p.height * 0.2 && colourCount(p) > 8,
			{ mask, failShot: path.join(SHOTS, 'leader-map-timeout.png') }
		);
		await fs.promises.writeFile(path.join(SHOTS, 'leader-map-score.png'), score.png);
		await fs.promises.writeFile(path.join(SHOTS, 'leader-page-zh.png'), await page.screenshot());

		// Hovering an area shows its value.
		const box = (await map.boundingBox())!;
		await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await expect
			.poll(() => page.getByTestId('leader-hover').textContent(), { timeout: 10_000 })
			.toMatch(/：/);

		// Another indicator colours the areas differently: the choropleth follows the data.
		await page.getByTestId('indicator-select').selectOption('elderlyCoverage');
		await page.getByRole('button', { name: '查询' }).click();
		await page.waitForURL(/indicator=elderlyCoverage/);
		const coverage = await settle(map, (p) => diffCount(score, p) > 2_000, {
			mask,
			failShot: path.join(SHOTS, 'leader-map-coverage-timeout.png')
		});
		await fs.promises.writeFile(path.join(SHOTS, 'leader-map-coverage.png'), coverage.png);
		expect(diffCount(score, coverage)).toBeGreaterThan(2_000);
		expect(await page.getByTestId('leader-legend').textContent()).toContain('老年助餐覆盖率');

		// Charts drawn by ECharts.
		for (const id of ['chart-trends', 'chart-funnel', 'chart-ontime', 'chart-handling']) {
			await page.locator(`[data-testid="${id}"][data-rendered="true"]`).waitFor();
			expect(await page.getByTestId(id).locator('canvas').count()).toBeGreaterThan(0);
		}
		expect(problems).toEqual([]);
		await context.close();
	});

	it('acknowledges a warning with a note', async () => {
		const { context, page, problems } = await signedIn();
		await page.goto(`${server.url}/leader`);
		const open = page.locator('[data-testid="warning"][data-state="open"]').first();
		const id = await open.locator('input[name="id"]').inputValue();
		await open.locator('input[name="note"]').fill('已安排专人跟进');
		await open.getByTestId('warning-ack').click();
		await page.waitForLoadState('networkidle');
		const acked = page.locator(`[data-testid="warning"]:has(input[value="${id}"])`);
		await expect.poll(() => acked.count()).toBe(0);
		expect(
			await page.locator('[data-testid="warning"][data-state="acknowledged"]').first().textContent()
		).toContain('已安排专人跟进');
		expect(problems).toEqual([]);
		await context.close();
	});
});

describe('levels and languages', () => {
	it('ranks communities, and speaks English when asked', async () => {
		const { context, page, problems } = await signedIn();
		await page.goto(`${server.url}/leader?level=community&indicator=onTimeRate`);
		expect(await page.getByTestId('ranking').locator('tbody tr').count()).toBeGreaterThan(14);
		await page.locator('[data-testid="map"][data-loaded="true"]').waitFor({ timeout: 60_000 });
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: server.url }]);
		await page.goto(`${server.url}/leader`);
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await page.locator('h1').first().textContent()).toBe("Leaders' overview");
		expect(await page.getByTestId('ranking').locator('thead').textContent()).toContain('Change');
		await fs.promises.writeFile(path.join(SHOTS, 'leader-page-en.png'), await page.screenshot());
		expect(problems).toEqual([]);
		await context.close();
	});

	it('sends a signed-out visitor to sign in', async () => {
		const res = await fetch(`${server.url}/leader`, { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
		const api = await fetch(`${server.url}/api/indicators?from=${from}&to=${to}`);
		expect(api.status).toBe(401);
	});
});

describe('the briefing', () => {
	it('prints to A4 PDF with the map as an image and SVG charts, without navigation', async () => {
		const { context, page, problems } = await signedIn();
		await page.goto(`${server.url}/leader/briefing?from=${from}&to=${to}`);
		expect(await page.locator('h1').textContent()).toBe('全区工作简报');
		await page.locator('[data-testid="briefing"][data-map-ready="true"]').waitFor({
			timeout: 90_000
		});
		for (const id of ['chart-trends', 'chart-funnel', 'chart-ontime', 'chart-handling']) {
			await page.locator(`[data-testid="${id}"][data-rendered="true"]`).waitFor();
			expect(await page.getByTestId(id).locator('svg').count()).toBe(1);
		}
		expect(await page.getByTestId('ranking').locator('tbody tr').count()).toBe(14);
		const src = await page.getByTestId('leader-map-image').getAttribute('src');
		expect(src?.startsWith('data:image/png;base64,')).toBe(true);
		expect(src!.length).toBeGreaterThan(20_000);

		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('header.app-header').isVisible()).toBe(false);
		expect(await page.getByTestId('leader-map-image').isVisible()).toBe(true);
		await fs.promises.writeFile(
			path.join(SHOTS, 'briefing-print.png'),
			await page.screenshot({ fullPage: true })
		);
		const pdf = await page.pdf({ format: 'A4', printBackground: true });
		await fs.promises.writeFile(path.join(SHOTS, 'briefing.pdf'), pdf);
		const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
		expect(pages).toBeGreaterThanOrEqual(2);
		expect(pages).toBeLessThanOrEqual(8);
		expect(problems).toEqual([]);
		await context.close();
	});
});

describe('the indicators API', () => {
	it('answers 400 naming the parameter', async () => {
		const { context } = await signedIn();
		const cases: [string, RegExp][] = [
			[`level=grid&from=${from}&to=${to}`, /level/],
			[`from=2026-02-30&to=${to}`, /from/],
			[`from=${from}`, /to/],
			[`from=${to}&to=${from}`, /to/],
			['from=2024-01-01&to=2025-06-01', /366/]
		];
		for (const [q, re] of cases) {
			const res = await context.request.get(`${server.url}/api/indicators?${q}`);
			expect(res.status(), q).toBe(400);
			expect(((await res.json()) as { message: string }).message).toMatch(re);
		}
		await context.close();
	});

	it('exports CSV with a BOM and keeps a scoped leader to their subdistrict', async () => {
		const { context } = await signedIn();
		const all = await context.request.get(
			`${server.url}/api/indicators?level=subdistrict&from=${from}&to=${to}`
		);
		const rows = (await all.json()) as { code: string; onTimeRate: number | null }[];
		expect(rows).toHaveLength(14);
		const csv = await context.request.get(
			`${server.url}/api/indicators?level=subdistrict&from=${from}&to=${to}&format=csv`
		);
		expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
		const body = await csv.body();
		expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(body.toString('utf8').trim().split('\r\n')).toHaveLength(15);
		await context.close();

		const code = rows[0]!.code;
		const scoped = await signedIn(`demo-leader-${code}`);
		const mine = await scoped.context.request.get(
			`${server.url}/api/indicators?level=community&from=${from}&to=${to}`
		);
		const communities = (await mine.json()) as { parentCode: string }[];
		expect(communities.length).toBeGreaterThan(0);
		expect(new Set(communities.map((c) => c.parentCode))).toEqual(new Set([code]));
		await scoped.context.close();
	});
});

describe('the live page', () => {
	it('shows a case change made through the API without a reload, and answers 304 meanwhile', async () => {
		const { context, page, problems } = await signedIn();
		await page.goto(`${server.url}/leader?from=${from}&to=${to}&indicator=accepted`);
		await page.evaluate(() => ((window as unknown as { sameDocument: number }).sameDocument = 1));

		// While nothing changes, the page's revalidations are answered 304.
		const statuses: number[] = [];
		page.on('response', (r) => {
			if (r.url().includes('/api/indicators/summary')) statuses.push(r.status());
		});
		await expect.poll(() => statuses.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
		expect(statuses.every((s) => s === 304)).toBe(true);

		const int = (s: string | null) => Number((s ?? '').replace(/[^0-9]/g, ''));
		const accepted = page.locator('[data-kpi="accepted"] .value');
		const filing = page.locator('[data-kpi="filingRate"] .frac');
		const fraction = async () => {
			const m = /([\d,]+)\s*\/\s*([\d,]+)\s*$/.exec((await filing.textContent()) ?? '');
			return [int(m?.[1] ?? ''), int(m?.[2] ?? '')];
		};
		const acceptedBefore = int(await accepted.textContent());
		const [filedBefore] = await fraction();

		// A supervisor reports and files a case through the API.
		const sup = await signedIn('demo-supervisor');
		const headers = { origin: server.url };
		const spot = (
			(await (await sup.context.request.get(`${server.url}/api/incidents?limit=1`)).json()) as {
				items: { lon: number; lat: number }[];
			}
		).items[0]!;
		const created = await sup.context.request.post(`${server.url}/api/incidents`, {
			headers,
			data: { category: '20101', lon: spot.lon, lat: spot.lat, description: '路灯不亮（实时测试）' }
		});
		expect(created.status()).toBe(201);
		const id = ((await created.json()) as { incident: { id: number } }).incident.id;
		const detail = (await (
			await sup.context.request.get(`${server.url}/api/incidents/${id}`)
		).json()) as { incident: { subdistrictCode: string } };
		const sub = detail.incident.subdistrictCode;
		const rankCell = page.locator(`[data-testid="ranking"] tr[data-code="${sub}"] td.num`).first();
		const rankBefore = int(await rankCell.textContent());

		// The figures, the ranking follow without a reload.
		await expect
			.poll(async () => int(await accepted.textContent()), { timeout: 15_000 })
			.toBe(acceptedBefore + 1);
		await expect
			.poll(async () => int(await rankCell.textContent()), { timeout: 5_000 })
			.toBe(rankBefore + 1);
		expect(statuses).toContain(200);

		const filed = await sup.context.request.post(`${server.url}/api/incidents/${id}/transition`, {
			headers,
			data: { action: 'file', expectedVersion: 1 }
		});
		expect(filed.status()).toBe(200);
		await expect
			.poll(fraction, { timeout: 15_000 })
			.toEqual([filedBefore! + 1, acceptedBefore + 1]);

		expect(
			await page.evaluate(() => (window as unknown as { sameDocument?: number }).sameDocument)
		).toBe(1);
		expect(problems).toEqual([]);
		await sup.context.close();
		await context.close();
	});
});

describe('the indicator settings screen', () => {
	it('shows the server’s message on the field, saves, and is read-only for leaders', async () => {
		const admin = await signedIn('demo-admin');
		const page = admin.page;
		await page.goto(`${server.url}/admin/indicators`);
		expect(await page.locator('h1').first().textContent()).toBe('指标与预警设置');
		expect(await page.getByTestId('settings-version').textContent()).toContain('默认');

		const closure = page.locator('input[name="weights.closureRate"]');
		await closure.fill('-1');
		await page.getByTestId('settings-save').click();
		const status = page.getByTestId('settings-status');
		await expect.poll(() => status.textContent()).toMatch(/^\s*未保存：weights\.closureRate: /);
		expect(await closure.getAttribute('aria-invalid')).toBe('true');

		await closure.fill('30');
		await page.locator('input[name="rules.2.increase"]').fill('3');
		await page.getByTestId('settings-save').click();
		await expect.poll(() => status.textContent()).toMatch(/已保存为版本 1/);
		expect(await closure.getAttribute('aria-invalid')).toBe('false');
		expect(await page.getByTestId('weights-sum').textContent()).toBe('110');
		// The one refused save, as the browser logs it.
		expect(admin.problems).toEqual([
			'console: Failed to load resource: the server responded with a status of 400 (Bad Request)'
		]);
		await admin.context.close();

		const leader = await signedIn();
		await leader.page.goto(`${server.url}/admin/indicators`);
		expect(await leader.page.getByTestId('settings-version').textContent()).toContain('版本 1');
		expect(await leader.page.locator('input[name="weights.closureRate"]').inputValue()).toBe('30');
		expect(await leader.page.locator('input[name="weights.closureRate"]').isDisabled()).toBe(true);
		const put = await leader.context.request.put(`${server.url}/api/admin/indicator-settings`, {
			headers: { origin: server.url },
			data: {}
		});
		expect(put.status()).toBe(403);
		expect(leader.problems).toEqual([]);
		await leader.context.close();
	});
});
