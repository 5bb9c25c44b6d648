/**
 * The indicator SQL on the engine under test (PGlite; PostgreSQL too with TEST_DATABASE_URL)
 * against the hand-built fixture (tests/db/indicators.fixture.ts): every count and rate, the
 * previous period, an empty period, division by zero, scope, the charts and the CSV export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import { KPI_DEFINITIONS, KPI_NAMES } from '../../src/lib/domain/kpi';
import { indicatorsCsv } from '../../src/lib/server/indicators/export';
import {
	allAreaIndicators,
	areaIndicators,
	funnel,
	handlingTimes,
	onTimeDistribution,
	weeklyTrends
} from '../../src/lib/server/indicators/indicators';
import { parsePeriod } from '../../src/lib/server/indicators/params';
import { testDb, type TestDb } from '../setup/test-db';
import { A, A1, B, C, buildFixture } from './indicators.fixture';

let db: TestDb;
beforeAll(async () => {
	db = await testDb({ empty: true });
	await buildFixture(db);
});
afterAll(async () => {
	await db?.close();
});

const admin: Actor = { role: 'admin', scope: 'all', userId: null, username: 'admin' };
const leaderB: Actor = { role: 'leader', scope: [B], userId: null, username: 'leader-b' };
const P = parsePeriod(new URLSearchParams({ from: '2026-11-02', to: '2026-11-09' }));

describe('indicators by subdistrict over P', () => {
	it('counts every cohort as worked out by hand', async () => {
		const rows = await areaIndicators(db, admin, { level: 'subdistrict', period: P });
		expect(rows.map((r) => r.code)).toEqual([A, B, C]);
		const [a, b, c] = rows;
		expect(a).toMatchObject({
			name: '甲街道',
			accepted: 5, // a1 a2 a3 a4 a7 (a5 merged, a6 previous, a8 after P)
			filed: 3,
			dispatched: 2,
			responded: 1, // a2 answered after 49 h
			resolved: 2,
			rated: 2,
			satisfied: 1,
			due: 3, // a1 a2 a6
			closed: 2, // a6 closed after P ended
			closedOnTime: 1,
			reworked: 1,
			extended: 1
		});
		expect(a!.filingRate).toBe(3 / 5);
		expect(a!.dispatchRate).toBe(2 / 3);
		expect(a!.closureRate).toBe(2 / 3);
		expect(a!.onTimeRate).toBe(1 / 3);
		expect(a!.reworkRate).toBe(1 / 3);
		expect(a!.extensionRate).toBe(1 / 3);
		expect(a!.responseRate).toBe(1 / 5);
		expect(a!.resolutionRate).toBe(2 / 5);
		expect(a!.satisfactionRate).toBe(1 / 2);
		for (const name of KPI_NAMES) {
			const d = KPI_DEFINITIONS[name];
			expect(a![name]).toBe(a![d.numerator] / a![d.denominator]);
		}
		expect(a!.score).toBeGreaterThan(0);
		expect(a!.score).toBeLessThan(100);

		expect(b).toMatchObject({ accepted: 1, filed: 1, dispatched: 1, responded: 1, due: 1 });
		expect(b!.closureRate).toBe(0);
		expect(b!.satisfactionRate).toBeNull(); // nobody rated: no verdict

		// C had no cases: every count 0, every rate null, no score.
		expect(c!.accepted).toBe(0);
		for (const name of KPI_NAMES) expect(c![name]).toBeNull();
		expect(c!.score).toBeNull();
	});

	it('computes the previous period in the same run', async () => {
		const [a] = await areaIndicators(db, admin, { level: 'subdistrict', period: P });
		expect(a!.previous).toMatchObject({
			accepted: 1, // a6
			filed: 1,
			dispatched: 1,
			responded: 1,
			resolved: 0, // closed after the previous period ended
			rated: 0,
			due: 0,
			closureRate: null,
			satisfactionRate: null,
			filingRate: 1
		});
	});

	it('gives the service figures, division by zero as null', async () => {
		const [a, b, c] = await areaIndicators(db, admin, { level: 'subdistrict', period: P });
		expect(a).toMatchObject({ residents: 1000, aged60: 200, aged60Covered: 200, staffCount: 2 });
		expect(a!.casesPer1000).toBe(5);
		expect(a!.residentsPerStaff).toBe(500);
		expect(a!.elderlyCoverage).toBe(1);
		// B: the only meal point near it is planned, not active; staffing not recorded.
		expect(b).toMatchObject({ residents: 500, aged60: 100, aged60Covered: 0, staffCount: null });
		expect(b!.elderlyCoverage).toBe(0);
		expect(b!.casesPer1000).toBe(2);
		expect(b!.residentsPerStaff).toBeNull();
		// C: no residents recorded and a staff count of 0.
		expect(c!.casesPer1000).toBeNull();
		expect(c!.residentsPerStaff).toBeNull();
		expect(c!.elderlyCoverage).toBeNull();
	});

	it('answers an empty period with zeros and null rates', async () => {
		const empty = parsePeriod(new URLSearchParams({ from: '2025-01-01', to: '2025-01-08' }));
		const rows = await areaIndicators(db, admin, { level: 'subdistrict', period: empty });
		expect(rows).toHaveLength(3);
		for (const r of rows) {
			expect(r.accepted + r.due + r.previous.accepted).toBe(0);
			for (const name of KPI_NAMES) expect(r[name]).toBeNull();
		}
	});
});

describe('indicators by community', () => {
	it('matches the subdistrict figures for one-community subdistricts', async () => {
		const rows = await areaIndicators(db, admin, { level: 'community', period: P });
		const a1 = rows.find((r) => r.code === A1)!;
		expect(a1).toMatchObject({ parentCode: A, accepted: 5, due: 3, closedOnTime: 1 });
		const only = await areaIndicators(db, admin, { level: 'community', period: P, parent: A });
		expect(only.map((r) => r.code)).toEqual([A1]);
	});
});

describe('both levels in one pass', () => {
	it('gives the same rows as one level at a time', async () => {
		const both = await allAreaIndicators(db, admin, P);
		expect(both.subdistricts).toEqual(
			await areaIndicators(db, admin, { level: 'subdistrict', period: P })
		);
		expect(both.communities).toEqual(
			await areaIndicators(db, admin, { level: 'community', period: P })
		);
		const scoped = await allAreaIndicators(db, leaderB, P);
		expect(scoped.subdistricts.map((r) => r.code)).toEqual([B]);
		expect(scoped.communities.map((r) => r.parentCode)).toEqual([B]);
	});
});

describe('scope', () => {
	it('gives a leader scoped to one subdistrict only that one', async () => {
		const rows = await areaIndicators(db, leaderB, { level: 'subdistrict', period: P });
		expect(rows.map((r) => r.code)).toEqual([B]);
		const communities = await areaIndicators(db, leaderB, { level: 'community', period: P });
		expect(communities.map((r) => r.parentCode)).toEqual([B]);
		const f = await funnel(db, leaderB, { period: P });
		expect(f[0]).toEqual({ step: 'accepted', cases: 1 });
		await expect(
			areaIndicators(db, leaderB, { level: 'community', period: P, parent: A })
		).rejects.toThrow(/Not found/);
		await expect(weeklyTrends(db, leaderB, { period: P, area: A })).rejects.toThrow(/Not found/);
	});

	it('refuses roles without indicators.read', async () => {
		const worker: Actor = { role: 'gridworker', scope: 'all', userId: 1, username: 'w' };
		await expect(areaIndicators(db, worker, { level: 'subdistrict', period: P })).rejects.toThrow(
			/Forbidden/
		);
	});
});

describe('charts', () => {
	it('counts cases per week and major category', async () => {
		const two = parsePeriod(new URLSearchParams({ from: '2026-10-26', to: '2026-11-09' }));
		const t = await weeklyTrends(db, admin, { period: two });
		expect(t.weeks).toEqual(['2026-10-26', '2026-11-02']);
		expect(t.series).toEqual([
			{ category: '201', name: '市容环境', nameEn: 'City appearance', cases: [1, 5] },
			{ category: '205', name: '突发事件', nameEn: 'Emergencies', cases: [0, 1] }
		]);
	});

	it('builds the funnel, the on-time distribution and handling times', async () => {
		expect(await funnel(db, admin, { period: P })).toEqual([
			{ step: 'accepted', cases: 6 },
			{ step: 'filed', cases: 4 },
			{ step: 'dispatched', cases: 3 },
			{ step: 'resolved', cases: 2 },
			{ step: 'satisfied', cases: 1 }
		]);
		expect(await funnel(db, admin, { period: P, area: A1 })).toContainEqual({
			step: 'accepted',
			cases: 5
		});
		expect(await onTimeDistribution(db, admin, { period: P })).toEqual([
			{ bucket: 'onTime', cases: 1 },
			{ bucket: 'late1d', cases: 0 },
			{ bucket: 'late3d', cases: 1 }, // handled 48 h after its deadline
			{ bucket: 'lateMore', cases: 0 },
			{ bucket: 'open', cases: 2 } // a6 closed after P, b1 still open
		]);
		// Handled in P: a1 (5 h 40 min), a2 (3 days = 72 h), a6 (5 days 1 h = 121 h) → 201 only.
		const h = await handlingTimes(db, admin, { period: P });
		expect(h).toEqual([
			{
				category: '201',
				name: '市容环境',
				nameEn: 'City appearance',
				cases: 3,
				avgHours: Math.round(((5 + 40 / 60 + 72 + 121) / 3) * 100) / 100
			}
		]);
	});
});

describe('CSV export', () => {
	it('writes UTF-8 with a BOM, one row per area, rates as fractions', async () => {
		const rows = await areaIndicators(db, admin, { level: 'subdistrict', period: P });
		const csv = indicatorsCsv(rows);
		expect(csv.startsWith('\uFEFFcode,name,nameEn,accepted,')).toBe(true);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines).toHaveLength(4);
		const header = lines[0]!.split(',');
		const a = lines[1]!.split(',');
		expect(a[0]).toBe(A);
		expect(a[1]).toBe('甲街道');
		expect(Number(a[header.indexOf('filingRate')])).toBe(0.6);
		// C: null rates are empty cells, not 0.
		const c = lines[3]!.split(',');
		expect(c[header.indexOf('closureRate')]).toBe('');
	});
});
