/**
 * The leaders' indicators and default warning rules on the seeded small demo: the defaults fire
 * on it (so a demo shows red, yellow and blue warnings), the API contract's invariants hold for
 * every area, and a scoped leader sees only their subdistrict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import { KPI_DEFINITIONS, KPI_NAMES } from '../../src/lib/domain/kpi';
import { areaIndicators } from '../../src/lib/server/indicators/indicators';
import { coverage } from '../../src/lib/server/analysis/coverage';
import { chinaDate, parsePeriod } from '../../src/lib/server/indicators/params';
import { evaluateWarnings, listWarnings } from '../../src/lib/server/indicators/warnings';
import { testDb, type TestDb } from '../setup/test-db';
import { TEST_SEED } from '../setup/engines';

let db: TestDb;
beforeAll(async () => {
	db = await testDb();
});
afterAll(async () => {
	await db?.close();
});

const admin: Actor = { role: 'admin', scope: 'all', userId: null, username: 'admin' };
const DAY = 86_400_000;
const to = chinaDate(new Date(TEST_SEED.now.getTime() + DAY));
const from = chinaDate(new Date(TEST_SEED.now.getTime() - 27 * DAY));
const period = parsePeriod(new URLSearchParams({ from, to }));

describe('indicators on the demo', () => {
	it('has every rate in [0, 1] and equal to its numerator over its denominator', async () => {
		for (const level of ['subdistrict', 'community'] as const) {
			const rows = await areaIndicators(db, admin, { level, period });
			expect(rows.length).toBe(level === 'subdistrict' ? 14 : 95);
			for (const r of [...rows, ...rows.map((x) => x.previous)]) {
				for (const name of KPI_NAMES) {
					const d = KPI_DEFINITIONS[name];
					const v = r[name];
					if (r[d.denominator] === 0) expect(v).toBeNull();
					else expect(v).toBe(r[d.numerator] / r[d.denominator]);
				}
			}
			expect(rows.reduce((s, r) => s + r.accepted, 0)).toBeGreaterThan(500);
		}
	});

	it('scopes a leader to their subdistrict', async () => {
		const [first] = await areaIndicators(db, admin, { level: 'subdistrict', period });
		const leader: Actor = { role: 'leader', scope: [first!.code], userId: null, username: 'l' };
		const rows = await areaIndicators(db, leader, { level: 'subdistrict', period });
		expect(rows.map((r) => r.code)).toEqual([first!.code]);
		expect(rows[0]).toEqual(first);
		const communities = await areaIndicators(db, leader, { level: 'community', period });
		expect(new Set(communities.map((r) => r.parentCode))).toEqual(new Set([first!.code]));
	});
});

describe('elderly meal-service coverage', () => {
	it("agrees with the planners' analysis engine, area by area", async () => {
		const rows = await areaIndicators(db, admin, { level: 'subdistrict', period });
		for (const engine of ['turf', 'postgis'] as const) {
			const c = await coverage(db, admin, {
				service: 'meal',
				segment: 'age60',
				radius: 500,
				detour: 1.3,
				status: 'active',
				engine,
				withDeserts: false,
				withCells: false
			});
			for (const r of rows) {
				const a = c.bySubdistrict.find((x) => x.code === r.code)!;
				expect([r.code, r.aged60, r.aged60Covered]).toEqual([r.code, a.demand, a.covered]);
			}
		}
	});
});

describe('default warning rules on the demo', () => {
	it('fire in every tier', async () => {
		const r = await evaluateWarnings(db, { at: TEST_SEED.now });
		expect(r.holding).toBeGreaterThan(0);
		const list = await listWarnings(db, admin, { at: TEST_SEED.now });
		const rules = new Set(list.map((w) => w.rule));
		const tiers = new Set(list.map((w) => w.tier));
		expect(tiers).toEqual(new Set(['red', 'yellow', 'blue']));
		for (const rule of ['safety', 'overdue', 'surge']) expect(rules).toContain(rule);
		expect(list.every((w) => w.cases.length > 0)).toBe(true);
	});
});
