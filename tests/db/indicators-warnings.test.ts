/**
 * Warning rules on the hand-built fixture: each fires exactly at its threshold and not a hair
 * before; evaluation records, refreshes (keeping an acknowledgement) and clears; acknowledging
 * checks capability and scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import {
	acknowledgeWarning,
	evaluateWarnings,
	findWarnings,
	listWarnings
} from '../../src/lib/server/indicators/warnings';
import type { WarningRule } from '../../src/lib/server/indicators/settings';
import { testDb, type TestDb } from '../setup/test-db';
import { A, B, buildFixture, t } from './indicators.fixture';

let db: TestDb;
let ids: Record<string, number>;
beforeAll(async () => {
	db = await testDb({ empty: true });
	ids = await buildFixture(db);
});
afterAll(async () => {
	await db?.close();
});

const at = (s: string) => new Date(t(s));
const admin: Actor = { role: 'admin', scope: 'all', userId: null, username: 'admin' };
const leaderA: Actor = { role: 'leader', scope: [A], userId: null, username: 'leader-a' };
const leaderB: Actor = { role: 'leader', scope: [B], userId: null, username: 'leader-b' };

const overdue = (graceHours: number, thresholds = { blue: 1, yellow: 2, red: 3 }): WarningRule => ({
	id: 'overdue',
	kind: 'overdue',
	graceHours,
	thresholds
});

describe('the overdue rule', () => {
	it('fires one second after the deadline, not at it', async () => {
		const rules = [overdue(0)];
		expect(await findWarnings(db, { at: at('2026-11-03 12:00:00'), rules })).toEqual([]);
		const [w, ...rest] = await findWarnings(db, { at: at('2026-11-03 12:00:01'), rules });
		expect(rest).toEqual([]);
		expect(w).toMatchObject({ rule: 'overdue', tier: 'blue', area: B, value: 1 });
		expect(w!.incidentIds).toEqual([ids.b1]);
	});

	it('waits out the grace period', async () => {
		const rules = [overdue(2)];
		expect(await findWarnings(db, { at: at('2026-11-03 14:00:00'), rules })).toEqual([]);
		expect(await findWarnings(db, { at: at('2026-11-03 14:00:01'), rules })).toHaveLength(1);
	});

	it('takes its tier from the count thresholds', async () => {
		const when = { at: at('2026-11-04 00:00') };
		const tier = async (th: { blue: number; yellow: number; red: number }) =>
			(await findWarnings(db, { ...when, rules: [overdue(0, th)] }))[0]?.tier ?? null;
		expect(await tier({ blue: 1, yellow: 2, red: 3 })).toBe('blue');
		expect(await tier({ blue: 1, yellow: 1, red: 2 })).toBe('yellow');
		expect(await tier({ blue: 1, yellow: 1, red: 1 })).toBe('red');
		expect(await tier({ blue: 2, yellow: 2, red: 2 })).toBeNull();
	});
});

describe('the safety rule', () => {
	it('is red while an urgent case is open, from its report on', async () => {
		const rules: WarningRule[] = [{ id: 'safety', kind: 'safety', tier: 'red' }];
		expect(await findWarnings(db, { at: at('2026-11-03 09:59:59'), rules })).toEqual([]);
		const [w] = await findWarnings(db, { at: at('2026-11-03 10:00'), rules });
		expect(w).toMatchObject({ tier: 'red', area: B, incidentIds: [ids.b1] });
	});
});

describe('the surge rule', () => {
	// Week to 9 November: A has 5 category-201 cases; the week before, 1.
	const when = at('2026-11-09 00:00');
	const rule = (increase: number, minVolume = 1): WarningRule[] => [
		{ id: 'surge', kind: 'surge', tier: 'yellow', increase, minVolume }
	];

	it('fires exactly at the increase (5 = 1 × (1 + 4))', async () => {
		// (B's one urgent case, 0 → 1, is a surge too at a minimum volume of 1.)
		expect((await findWarnings(db, { at: when, rules: rule(4) })).map((w) => w.area)).toEqual([
			A,
			B
		]);
		const [w] = await findWarnings(db, { at: when, rules: rule(4, 2) });
		expect(w).toMatchObject({ tier: 'yellow', area: A, subject: '201', value: 5 });
		expect(w!.detail).toMatchObject({ lastWeek: 1, thisWeek: 5 });
		expect(w!.incidentIds).toEqual([ids.a1, ids.a2, ids.a3, ids.a4, ids.a7]);
		expect(await findWarnings(db, { at: when, rules: rule(4.01, 2) })).toEqual([]);
	});

	it('needs the minimum volume', async () => {
		expect(await findWarnings(db, { at: when, rules: rule(2, 5) })).toHaveLength(1);
		expect(await findWarnings(db, { at: when, rules: rule(2, 6) })).toEqual([]);
	});
});

describe('the baseline rule', () => {
	// A's response rate: week to 9 Nov 1/5 = 0.2; week to 16 Nov 0/1 (a8, not answered).
	const when = at('2026-11-16 00:00');
	const rule = (baseline: number, minDenominator = 1): WarningRule[] => [
		{
			id: 'response-baseline',
			kind: 'baseline',
			tier: 'blue',
			indicator: 'responseRate',
			baseline,
			minDenominator
		}
	];

	it('fires when both weeks are below the baseline, not when one meets it', async () => {
		const [w] = await findWarnings(db, { at: when, rules: rule(0.5) });
		expect(w).toMatchObject({ tier: 'blue', area: A, indicator: 'responseRate', value: 0 });
		expect(w!.detail).toMatchObject({ weeks: [0.2, 0], numerators: [1, 0], denominators: [5, 1] });
		// 0.2 is not below a baseline of 0.2.
		expect(await findWarnings(db, { at: when, rules: rule(0.2) })).toEqual([]);
		expect(await findWarnings(db, { at: when, rules: rule(0.2000001) })).toHaveLength(1);
	});

	it('gives no verdict for a week with too few cases', async () => {
		expect(await findWarnings(db, { at: when, rules: rule(0.5, 2) })).toEqual([]);
	});
});

describe('recording, acknowledging and clearing', () => {
	const rules: WarningRule[] = [{ id: 'safety', kind: 'safety', tier: 'red' }, overdue(0)];
	const when = at('2026-11-03 12:00:01');

	it('opens, refreshes with the acknowledgement kept, and clears', async () => {
		expect(await evaluateWarnings(db, { at: when, rules })).toEqual({ holding: 2, cleared: [] });
		let list = await listWarnings(db, admin, { at: when });
		expect(list.map((w) => [w.rule, w.tier, w.areaCode, w.state])).toEqual([
			['safety', 'red', B, 'open'],
			['overdue', 'blue', B, 'open']
		]);
		expect(list[0]!.cases).toEqual([`LX${String(ids.b1).padStart(8, '0')}`]);
		expect(await listWarnings(db, leaderA, { at: when })).toEqual([]);

		const safety = list[0]!;
		await expect(acknowledgeWarning(db, leaderA, safety.id, 'x')).rejects.toThrow(/Not found/);
		const planner: Actor = { role: 'planner', scope: 'all', userId: null, username: 'p' };
		await expect(acknowledgeWarning(db, planner, safety.id, 'x')).rejects.toThrow(/Forbidden/);
		await expect(acknowledgeWarning(db, admin, 999_999, 'x')).rejects.toThrow(/Not found/);
		expect(await acknowledgeWarning(db, leaderB, safety.id, '已通知应急队')).toEqual({
			id: safety.id,
			state: 'acknowledged'
		});

		// Evaluated again: same rows, the acknowledgement and its note kept.
		expect(await evaluateWarnings(db, { at: when, rules })).toEqual({ holding: 2, cleared: [] });
		list = await listWarnings(db, leaderB, { at: when });
		expect(list).toHaveLength(2);
		const again = list.find((w) => w.id === safety.id)!;
		expect(again).toMatchObject({ state: 'acknowledged', note: '已通知应急队' });

		// The case is closed: both conditions stop, both warnings clear.
		await db.query("UPDATE incident SET state = 'closed', closed_at = $2 WHERE id = $1", [
			ids.b1,
			t('2026-11-03 12:30')
		]);
		const r = await evaluateWarnings(db, { at: when, rules });
		expect(r.holding).toBe(0);
		expect(r.cleared.sort()).toEqual(list.map((w) => w.id).sort());
		expect(await listWarnings(db, admin, { at: when })).toEqual([]);
		const cleared = await listWarnings(db, admin, { at: when, includeCleared: true });
		expect(cleared.map((w) => w.state)).toEqual(['cleared', 'cleared']);
		await expect(acknowledgeWarning(db, admin, safety.id, 'late')).rejects.toThrow(/cleared/);
	});
});
