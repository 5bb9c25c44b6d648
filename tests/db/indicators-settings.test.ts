/**
 * The indicator settings in the database (migration 00004) on the engine under test (PGlite;
 * PostgreSQL too with TEST_DATABASE_URL), against the hand-built fixture: saved weights change
 * the scores exactly as the formula says; a saved threshold makes a warning fire and clear
 * exactly at it, re-evaluated on save; invalid settings, the wrong caller and a stale version
 * are refused with nothing written; every change is audited; the data version moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Actor } from '../../src/lib/domain/actor';
import {
	compositeScore,
	DEFAULT_KPI_WEIGHTS,
	KPI_NAMES,
	type KpiName,
	type KpiRates
} from '../../src/lib/domain/kpi';
import { withSystemRole } from '../../src/lib/server/auth/rls';
import { zodMessage } from '../../src/lib/server/http/errors';
import { areaIndicators } from '../../src/lib/server/indicators/indicators';
import { dataVersion } from '../../src/lib/server/indicators/live';
import { leaderData } from '../../src/lib/server/indicators/page';
import { parsePeriod } from '../../src/lib/server/indicators/params';
import {
	currentSettings,
	DEFAULT_WARNING_RULES,
	type WarningRule
} from '../../src/lib/server/indicators/settings';
import { readSettings, saveSettings } from '../../src/lib/server/indicators/settings-admin';
import {
	findWarnings,
	listWarnings,
	refreshWarnings
} from '../../src/lib/server/indicators/warnings';
import { testDb, type TestDb } from '../setup/test-db';
import { A, B, buildFixture, t } from './indicators.fixture';

let db: TestDb;
beforeAll(async () => {
	db = await testDb({ empty: true });
	await buildFixture(db);
});
afterAll(async () => {
	await db?.close();
});

const admin: Actor = { role: 'admin', scope: 'all', userId: null, username: 'admin' };
const scopedAdmin: Actor = { role: 'admin', scope: [A], userId: null, username: 'admin-a' };
const leader: Actor = { role: 'leader', scope: 'all', userId: null, username: 'leader' };
const P = parsePeriod(new URLSearchParams({ from: '2026-11-02', to: '2026-11-09' }));

const only = (w: Partial<Record<KpiName, number>>) =>
	Object.fromEntries(KPI_NAMES.map((k) => [k, w[k] ?? 0])) as Record<KpiName, number>;

/** Reads as 'system': on PostgreSQL the audit log is behind row-level security. */
const asSystem = <T extends Record<string, unknown>>(text: string) =>
	withSystemRole(db).transaction((tx) => tx.query<T>(text));

/** Rows of indicator_settings and audit_log entries about them. */
async function written(): Promise<{ versions: number; audits: number }> {
	const [r] = await asSystem<{ versions: number; audits: number }>(
		`SELECT (SELECT count(*)::int FROM indicator_settings) AS versions,
		        (SELECT count(*)::int FROM audit_log WHERE subject_kind = 'indicator_settings') AS audits`
	);
	return r!;
}

const rates = (r: KpiRates) =>
	Object.fromEntries(KPI_NAMES.map((k) => [k, r[k]])) as Record<KpiName, number | null>;

describe('defaults', () => {
	it('are in force while nothing is saved (version 0)', async () => {
		const s = await readSettings(db, leader);
		expect(s).toMatchObject({ version: 0, weights: DEFAULT_KPI_WEIGHTS, canEdit: false });
		expect(s.rules.map((r) => r.id)).toEqual(DEFAULT_WARNING_RULES.map((r) => r.id));
		expect(s.rules.every((r) => r.enabled)).toBe(true);
		expect((await readSettings(db, admin)).canEdit).toBe(true);
		expect((await readSettings(db, scopedAdmin)).canEdit).toBe(false);
	});
});

describe('saved weights', () => {
	it('change the score exactly as the formula says', async () => {
		// A over P (tests/db/indicators.test.ts): on-time 1/3, closure 2/3, rework 1/3.
		const before = await written();
		let r = await saveSettings(db, admin, {
			version: 0,
			weights: only({ onTimeRate: 1 }),
			rules: DEFAULT_WARNING_RULES
		});
		expect(r.settings.version).toBe(1);
		let [a] = await areaIndicators(db, admin, { level: 'subdistrict', period: P });
		expect(a!.onTimeRate).toBe(1 / 3);
		expect(a!.score).toBeCloseTo(100 / 3, 12);

		// closure weighs 3, rework (better low: scored 1 − rate) 1: (3 × 2/3 + 1 × 2/3) / 4.
		r = await saveSettings(db, admin, {
			version: 1,
			weights: only({ closureRate: 3, reworkRate: 1 }),
			rules: DEFAULT_WARNING_RULES
		});
		expect(r.settings.version).toBe(2);
		[a] = await areaIndicators(db, admin, { level: 'subdistrict', period: P });
		expect(a!.score).toBeCloseTo((100 * (3 * (2 / 3) + 1 * (1 - 1 / 3))) / 4, 12);
		expect(a!.score).toBe(compositeScore(rates(a!), r.settings.weights));
		expect(a!.previous.score).toBe(compositeScore(rates(a!.previous), r.settings.weights));
		expect(await written()).toEqual({
			versions: before.versions + 2,
			audits: before.audits + 2
		});

		// The page's totals use them too.
		const page = await leaderData(
			db,
			admin,
			new URL('http://x/leader?from=2026-11-02&to=2026-11-09')
		);
		const cur = page.totals.current;
		expect(cur.score).toBe(compositeScore(rates(cur), r.settings.weights));
		expect(cur.score).not.toBe(compositeScore(rates(cur), DEFAULT_KPI_WEIGHTS));
	});

	it('are audited: who, which version, what changed', async () => {
		const rows = await asSystem<{ action: string; subject: string; reason: string }>(
			`SELECT action, subject_id AS subject, scope_reason AS reason FROM audit_log
			  WHERE subject_kind = 'indicator_settings' ORDER BY id`
		);
		expect(rows.at(-1)).toMatchObject({ action: 'indicator_settings.update', subject: '2' });
		expect(rows.at(-1)!.reason).toMatch(/scope=all; v1→v2; .*weights\.closureRate/);
		expect(rows.at(-1)!.reason).toContain('weights.onTimeRate');
		expect(rows.at(-1)!.reason).not.toContain('rules.');
	});
});

describe('saved warning rules', () => {
	const baseline = (value: number, enabled = true): WarningRule => ({
		id: 'response-baseline',
		kind: 'baseline',
		enabled,
		tier: 'blue',
		indicator: 'responseRate',
		baseline: value,
		minDenominator: 1
	});
	const save = async (rules: WarningRule[]) => {
		const cur = await currentSettings(db);
		return saveSettings(db, admin, { version: cur.version, weights: cur.weights, rules });
	};

	it('fire exactly at a moved baseline, and not when switched off', async () => {
		// A's response rate: week to 9 Nov 1/5 = 0.2; week to 16 Nov 0/1.
		const at = new Date(t('2026-11-16 00:00'));
		await save([baseline(0.2)]);
		expect(await findWarnings(db, { at })).toEqual([]);
		await save([baseline(0.2000001)]);
		const [w, ...rest] = await findWarnings(db, { at });
		expect(rest).toEqual([]);
		expect(w).toMatchObject({ rule: 'response-baseline', area: A, value: 0 });
		await save([baseline(0.2000001, false)]);
		expect(await findWarnings(db, { at })).toEqual([]);
	});

	it('re-evaluate the warnings on save: a moved overdue threshold opens and clears one', async () => {
		// B's urgent case is overdue now (its deadline passed in 2026): count B's overdue cases.
		const probe = await findWarnings(db, {
			rules: [
				{
					id: 'overdue',
					kind: 'overdue',
					graceHours: 0,
					thresholds: { blue: 1, yellow: 1, red: 1 }
				}
			]
		});
		const n = probe.find((w) => w.area === B)!.value!;
		expect(n).toBeGreaterThanOrEqual(1);
		const overdue = (blue: number): WarningRule => ({
			id: 'overdue',
			kind: 'overdue',
			graceHours: 0,
			thresholds: { blue, yellow: blue + 10, red: blue + 20 }
		});

		let r = await save([overdue(n)]);
		expect(r.warnings.holding).toBeGreaterThanOrEqual(1);
		let live = (await listWarnings(db, admin)).filter((w) => w.rule === 'overdue');
		expect(live.map((w) => [w.areaCode, w.tier, w.value])).toContainEqual([B, 'blue', n]);

		r = await save([overdue(n + 1)]);
		expect(r.warnings.cleared).toBeGreaterThanOrEqual(1);
		live = (await listWarnings(db, admin)).filter((w) => w.rule === 'overdue');
		expect(live.find((w) => w.areaCode === B)).toBeUndefined();
	});
});

describe('refused changes', () => {
	const good = () => ({ weights: { ...DEFAULT_KPI_WEIGHTS }, rules: [...DEFAULT_WARNING_RULES] });

	it('answer invalid settings naming the field, and write nothing', async () => {
		const before = await written();
		const version = (await currentSettings(db)).version;
		const cases: [unknown, string][] = [
			[{ ...good(), weights: { ...DEFAULT_KPI_WEIGHTS, closureRate: -1 } }, 'weights.closureRate'],
			[{ ...good(), weights: only({}) }, 'weights: the weights must add up to more than 0'],
			[{ ...good(), weights: { ...DEFAULT_KPI_WEIGHTS, closureRate: 'x' } }, 'weights.closureRate'],
			[{ ...good(), weights: { ...DEFAULT_KPI_WEIGHTS, speed: 1 } }, 'speed'],
			[{ ...good(), weights: { closureRate: 1 } }, 'weights.filingRate'],
			[{ ...good(), rules: [{ ...DEFAULT_WARNING_RULES[5]!, baseline: 1.5 }] }, 'rules.0.baseline'],
			[{ ...good(), rules: [{ ...DEFAULT_WARNING_RULES[2]!, increase: 0 }] }, 'rules.0.increase'],
			[{ ...good(), rules: [{ ...DEFAULT_WARNING_RULES[2]!, tier: 'green' }] }, 'rules.0.tier'],
			[{ ...good(), rules: [{ id: 'x1', kind: 'magic', tier: 'red' }] }, 'rules.0.kind'],
			[
				{
					...good(),
					rules: [{ ...DEFAULT_WARNING_RULES[1]!, thresholds: { blue: 5, yellow: 2, red: 9 } }]
				},
				'rules.0.thresholds'
			],
			[
				{ ...good(), rules: [{ ...DEFAULT_WARNING_RULES[1]!, graceHours: -1 }] },
				'rules.0.graceHours'
			],
			[{ ...good(), rules: [DEFAULT_WARNING_RULES[0]!, DEFAULT_WARNING_RULES[0]!] }, 'rules.1.id'],
			[
				{ ...good(), rules: [{ ...DEFAULT_WARNING_RULES[5]!, indicator: 'speed' }] },
				'rules.0.indicator'
			],
			[{ ...good(), extra: 1 }, 'extra']
		];
		for (const [input, field] of cases) {
			const err = await saveSettings(db, admin, { version, ...(input as object) }).catch(
				(e: unknown) => e
			);
			expect(err, field).toBeInstanceOf(ZodError);
			expect(zodMessage(err as ZodError), field).toContain(field);
		}
		expect(await written()).toEqual(before);
		expect((await currentSettings(db)).version).toBe(version);
	});

	it('refuse leaders, scoped admins and a stale version, and write nothing', async () => {
		const before = await written();
		const cur = await currentSettings(db);
		await expect(saveSettings(db, leader, good())).rejects.toThrow(/Forbidden/);
		await expect(saveSettings(db, scopedAdmin, good())).rejects.toThrow(/district-wide/);
		await expect(saveSettings(db, admin, { ...good(), version: cur.version - 1 })).rejects.toThrow(
			/^version: .*now version/
		);
		expect(await written()).toEqual(before);
	});
});

describe('the data version behind the ETags', () => {
	it('moves with a case change and a settings change, not otherwise', async () => {
		const v0 = await dataVersion(db);
		expect(await dataVersion(db)).toEqual(v0);
		await db.query(
			`INSERT INTO change_log (kind, entity_id, op, subdistrict_code) VALUES ('incident', 1, 'update', $1)`,
			[A]
		);
		const v1 = await dataVersion(db);
		expect(BigInt(v1.cases)).toBeGreaterThan(BigInt(v0.cases));
		expect(v1.settings).toBe(v0.settings);
		const cur = await currentSettings(db);
		await saveSettings(db, admin, { version: cur.version, weights: cur.weights, rules: cur.rules });
		expect((await dataVersion(db)).settings).toBe(v1.settings + 1);
	});

	it('re-evaluates the warnings after a case or settings change, not otherwise', async () => {
		await refreshWarnings(db, { force: true });
		expect(await refreshWarnings(db)).toBe(false);
		await db.query(
			`INSERT INTO change_log (kind, entity_id, op, subdistrict_code) VALUES ('incident', 2, 'update', $1)`,
			[B]
		);
		expect(await refreshWarnings(db)).toBe(true);
		expect(await refreshWarnings(db)).toBe(false);
		// Another instance saves settings (written straight to the table): noticed too.
		await db.query(
			`INSERT INTO indicator_settings (version, weights, rules)
			 SELECT version + 1, weights, rules FROM indicator_settings ORDER BY version DESC LIMIT 1`
		);
		expect(await refreshWarnings(db)).toBe(true);
		expect(await refreshWarnings(db)).toBe(false);
	});
});
