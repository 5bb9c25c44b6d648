/**
 * The planner page in a real browser against the built server (signed-out visitors act as a
 * planner through DEV_ACTOR_ROLE): the grid and the desert layer draw; a candidate point added by
 * clicking the map changes the covered share and the desert overlay around it through the Web
 * Workers; dragging, Esc / Delete and removing it bring the baseline back; a saved scenario loads
 * again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
	diffCount,
	launchBrowser,
	settle,
	startServer,
	type Pixels,
	type RunningServer
} from './server';

const SHOTS = process.env.E2E_SHOTS ?? '/tmp/jiedao-e2e';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
	fs.mkdirSync(SHOTS, { recursive: true });
	[server, browser] = await Promise.all([
		startServer({ env: { DEV_ACTOR_ROLE: 'planner', DEV_ACTOR_SCOPE: 'all' } }),
		launchBrowser()
	]);
});

afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function open(): Promise<{ page: Page; problems: string[] }> {
	const context = await browser.newContext({
		viewport: { width: 1400, height: 900 },
		deviceScaleFactor: 1
	});
	const page = await context.newPage();
	const problems: string[] = [];
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	page.on('console', (msg) => {
		if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
	});
	await page.goto(`${server.url}/planner`);
	await page.locator('[data-testid="map"][data-loaded="true"]').waitFor({ timeout: 60_000 });
	await page.locator('[data-testid="planner"][data-ready="true"]').waitFor({ timeout: 90_000 });
	return { page, problems };
}

/** Pixels that differ inside a box (map pixels), leaving out a square around (cx, cy). */
function diffNear(
	a: Pixels,
	b: Pixels,
	cx: number,
	cy: number,
	half: number,
	hole: number,
	tolerance = 24
): number {
	let n = 0;
	for (let y = Math.max(0, cy - half); y < Math.min(a.height, cy + half); y++) {
		for (let x = Math.max(0, cx - half); x < Math.min(a.width, cx + half); x++) {
			if (Math.abs(x - cx) <= hole && Math.abs(y - cy) <= hole) continue;
			const i = (y * a.width + x) * 4;
			const d =
				Math.abs(a.data[i]! - b.data[i]!) +
				Math.abs(a.data[i + 1]! - b.data[i + 1]!) +
				Math.abs(a.data[i + 2]! - b.data[i + 2]!);
			if (d > tolerance) n++;
		}
	}
	return n;
}

describe('planner', () => {
	it('draws the desert layer and updates coverage when a candidate is added', async () => {
		const { page, problems } = await open();
		const map = page.getByTestId('map');
		expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
		expect(await page.locator('h1').textContent()).toBe('规划分析');
		const list = page.getByTestId('desert-list');
		await list.waitFor();
		expect(await list.locator('li').count()).toBeGreaterThan(0);

		// Fly to the largest desert, then compare the map with and without the desert layer.
		await list.locator('button').first().click();
		await page.waitForTimeout(1200);
		const withDeserts = await settle(map, () => true, {
			failShot: path.join(SHOTS, 'planner-deserts-timeout.png')
		});
		fs.writeFileSync(path.join(SHOTS, 'planner-deserts.png'), withDeserts.png);
		await page.getByTestId('toggle-deserts').uncheck();
		const without = await settle(map);
		fs.writeFileSync(path.join(SHOTS, 'planner-no-deserts.png'), without.png);
		expect(diffCount(withDeserts, without)).toBeGreaterThan(500);
		await page.getByTestId('toggle-deserts').check();

		// Click the centre of the desert: a candidate there covers some of it.
		const before = await page.getByTestId('covered-percent').textContent();
		const box = (await map.boundingBox())!;
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		await expect
			.poll(() => page.getByTestId('covered-percent').textContent(), { timeout: 10_000 })
			.not.toBe(before);
		expect(await page.getByTestId('candidate-list').locator('li').count()).toBe(1);
		expect(await page.getByTestId('newly-covered').textContent()).toMatch(/^\+/);
		// Drag the candidate 80 px east: its coordinates and the coverage follow.
		const where = await page.getByTestId('candidate-list').locator('.coords').textContent();
		const cx = box.x + box.width / 2;
		const cy = box.y + box.height / 2;
		await page.mouse.move(cx, cy);
		await page.mouse.down();
		for (let k = 1; k <= 8; k++) await page.mouse.move(cx + k * 10, cy);
		await page.mouse.up();
		await expect
			.poll(() => page.getByTestId('candidate-list').locator('.coords').textContent())
			.not.toBe(where);
		expect(await page.getByTestId('candidate-list').locator('li').count()).toBe(1);
		const after = await settle(map);
		fs.writeFileSync(path.join(SHOTS, 'planner-candidate.png'), after.png);
		fs.writeFileSync(path.join(SHOTS, 'planner-page.png'), await page.screenshot());
		expect(diffCount(withDeserts, after)).toBeGreaterThan(100);
		expect(problems).toEqual([]);
	});

	it('what-if: the desert overlay follows a candidate; Delete restores the baseline; a saved scenario reloads', async () => {
		const { page, problems } = await open();
		const map = page.getByTestId('map');
		const list = page.getByTestId('desert-list');
		await list.waitFor();
		await list.locator('button').first().click();
		await page.waitForTimeout(1200);
		// Deserts only (no cell colours), so the changes near the click are the overlay's.
		await page.getByTestId('toggle-cells').uncheck();
		const baseline = await settle(map);
		const percentBefore = await page.getByTestId('covered-percent').textContent();
		expect(await page.getByTestId('newly-covered').textContent()).toBe('0');

		const box = (await map.boundingBox())!;
		const cx = Math.round(box.width / 2);
		const cy = Math.round(box.height / 2);
		await page.mouse.click(box.x + cx, box.y + cy);
		await expect
			.poll(() => page.getByTestId('newly-covered').textContent(), { timeout: 10_000 })
			.toMatch(/^\+/);
		const gained = Number(
			(await page.getByTestId('newly-covered').textContent())!.replace(/\D/g, '')
		);
		expect(gained).toBeGreaterThan(0);
		// The desert polygons around the candidate change (the point itself left out).
		await expect
			.poll(async () => diffNear(baseline, await settle(map), cx, cy, 160, 14), { timeout: 10_000 })
			.toBeGreaterThan(300);
		await expect(page.getByTestId('desert-ms').textContent()).resolves.toMatch(/\d/);

		// Drag it 60 px west; it stays selected.
		await page.mouse.move(box.x + cx, box.y + cy);
		await page.mouse.down();
		for (let k = 1; k <= 6; k++) await page.mouse.move(box.x + cx - k * 10, box.y + cy);
		await page.mouse.up();
		await expect.poll(() => page.getByTestId('selected-point').isVisible()).toBe(true);
		const coords = await page.getByTestId('candidate-list').locator('.coords').textContent();
		const gainedDragged = await page.getByTestId('newly-covered').textContent();

		// Save the scenario.
		await page.getByTestId('scenario-name').fill('拖动后的候选点');
		await page.getByTestId('scenario-save').click();
		await expect
			.poll(() => page.getByTestId('scenario-list').textContent())
			.toContain('拖动后的候选点');

		// Esc deselects; select it again from the list and Delete removes it → the baseline.
		await page.keyboard.press('Escape');
		await expect.poll(() => page.getByTestId('selected-point').count()).toBe(0);
		await page.getByTestId('candidate-list').locator('li button').first().click();
		await page.keyboard.press('Delete');
		await expect.poll(() => page.getByTestId('candidate-list').locator('li').count()).toBe(0);
		await expect.poll(() => page.getByTestId('newly-covered').textContent()).toBe('0');
		expect(await page.getByTestId('covered-percent').textContent()).toBe(percentBefore);
		await expect
			.poll(async () => diffNear(baseline, await settle(map), cx, cy, 160, 0), { timeout: 10_000 })
			.toBeLessThan(40);

		// Load the saved scenario: the candidate and its coverage come back.
		const saved = page.getByTestId('scenario-list').locator('li', { hasText: '拖动后的候选点' });
		await saved.getByRole('button').first().click();
		await expect.poll(() => page.getByTestId('candidate-list').locator('li').count()).toBe(1);
		expect(await page.getByTestId('candidate-list').locator('.coords').textContent()).toBe(coords);
		await expect.poll(() => page.getByTestId('newly-covered').textContent()).toBe(gainedDragged);
		fs.writeFileSync(path.join(SHOTS, 'planner-whatif.png'), await page.screenshot());
		expect(problems).toEqual([]);
	});

	it('solves an MCLP, accepts the proposed points and saves the scenario', async () => {
		const { page, problems } = await open();
		const before = await page.getByTestId('covered-percent').textContent();
		await page.getByTestId('optimize-run').click();
		const result = page.getByTestId('optimize-result');
		await result.waitFor({ timeout: 60_000 });
		expect(await result.textContent()).toMatch(/最优解|达到时限|贪心解/);
		await page.getByTestId('optimize-accept').click();
		await expect.poll(() => page.getByTestId('candidate-list').locator('li').count()).toBe(3);
		await expect.poll(() => page.getByTestId('covered-percent').textContent()).not.toBe(before);
		await page.getByTestId('scenario-name').fill('三个新助餐点');
		await page.getByTestId('scenario-save').click();
		await expect
			.poll(() => page.getByTestId('scenario-list').textContent())
			.toContain('三个新助餐点');
		expect(problems).toEqual([]);
	});
});
