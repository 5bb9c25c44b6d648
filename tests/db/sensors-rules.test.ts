/**
 * The rules beyond the threshold on a real engine (PGlite; PostgreSQL with TEST_DATABASE_URL):
 * rate of change and no activity evaluated on arrival, device silence by the sweep, and alerts
 * that open cases — at most one open case per sensor and rule, enforced by the database — plus an
 * operator opening a case from an alert by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import { ScopeError } from '../../src/lib/domain/permissions';
import { UserInputError } from '../../src/lib/server/auth/users';
import { openCaseFromAlert } from '../../src/lib/server/sensors/cases';
import { ALL_SENSORS, ingestReadings } from '../../src/lib/server/sensors/ingest';
import { sweepSensors } from '../../src/lib/server/sensors/sweep';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
const NOW = Date.parse('2030-01-01T00:00:00Z');
const DAY = Date.parse('2029-12-30T00:00:00+08:00');
const HOUR = 3600_000;

const operator: Actor = { role: 'operator', scope: 'all', userId: null, username: 't-op' };

async function sensorOf(type: string, skip = 0): Promise<{ id: number; sub: string }> {
	const rows = await db.query<{ id: number; sub: string }>(
		'SELECT id, subdistrict_code AS sub FROM sensor WHERE type = $1 AND subdistrict_code IS NOT NULL ORDER BY id',
		[type]
	);
	const r = rows[skip]!;
	return { id: Number(r.id), sub: r.sub };
}

async function ruleOf(type: string, kind: string): Promise<number> {
	const [r] = await db.query<{ id: number }>(
		'SELECT id FROM alert_rule WHERE sensor_type = $1 AND kind = $2 ORDER BY id LIMIT 1',
		[type, kind]
	);
	return Number(r!.id);
}

async function alertsOf(sensor: number, rule: number) {
	return db.query<{ id: number; state: string; incident: number | null }>(
		'SELECT id::int, state, incident_id::int AS incident FROM alert WHERE sensor_id = $1 AND rule_id = $2 ORDER BY id',
		[sensor, rule]
	);
}

async function clean(sensor: number) {
	await db.query(
		"UPDATE alert SET state = 'resolved', resolved_at = now() WHERE sensor_id = $1 AND state <> 'resolved'",
		[sensor]
	);
}

async function send(sensor: number, metric: string, points: [number, number][]) {
	const r = await ingestReadings(
		db,
		ALL_SENSORS,
		{
			readings: points.map(([ts, value]) => ({
				sensor,
				ts: new Date(ts).toISOString(),
				metric,
				value
			}))
		},
		NOW
	);
	expect(r.accepted).toBe(points.length);
}

beforeAll(async () => {
	db = await testDb();
}, 120_000);

afterAll(async () => {
	await db?.close();
});

describe('rate of change on arrival', () => {
	it('opens one alert on a jump in turbidity and resolves when calm', async () => {
		const { id } = await sensorOf('water_quality', 2);
		const rule = await ruleOf('water_quality', 'rate');
		await clean(id);
		const t = DAY + 10 * HOUR;
		const m = 600_000;
		await send(id, 'turbidity', [
			[t, 10],
			[t + m, 12],
			[t + 2 * m, 90], // +78 in 10 minutes
			[t + 3 * m, 20] // -70: still jumping, same alert
		]);
		let list = await alertsOf(id, rule);
		expect(list.filter((a) => a.state !== 'resolved')).toHaveLength(1);
		const first = list.at(-1)!;
		// An hour of calm readings (perSeconds 3600) resolves it.
		await send(
			id,
			'turbidity',
			Array.from({ length: 7 }, (_, i): [number, number] => [t + (4 + i) * m, 21]) // calm
		);
		list = await alertsOf(id, rule);
		expect(list.find((a) => a.id === first.id)!.state).toBe('resolved');
		expect(list.filter((a) => a.state !== 'resolved')).toHaveLength(0);
	});
});

describe('no activity opens a case', () => {
	it('opens a red alert and a case after 12 daytime hours without use; a later alert joins the open case', async () => {
		const { id } = await sensorOf('smart_meter');
		const rule = await ruleOf('smart_meter', 'no_activity');
		await clean(id);
		const hourly = (from: number, n: number, v: number) =>
			Array.from({ length: n }, (_, i): [number, number] => [from + i * HOUR, v]);
		// 07:00 … 19:00 China time, no use: 12 daytime hours at 19:00.
		await send(id, 'kwh', hourly(DAY + 7 * HOUR, 12, 0));
		expect(await alertsOf(id, rule)).toEqual([]);
		await send(id, 'kwh', [[DAY + 19 * HOUR, 0]]);
		let list = await alertsOf(id, rule);
		expect(list).toHaveLength(1);
		expect(list[0]!.state).toBe('open');
		const caseId = list[0]!.incident!;
		expect(caseId).toBeGreaterThan(0);
		const [c] = await db.query<{
			source: string;
			category: string;
			alertId: number;
			state: string;
			sensor: number;
		}>(
			'SELECT source, category_code AS category, sensor_alert_id::int AS "alertId", state, sensor_id AS sensor FROM incident WHERE id = $1',
			[caseId]
		);
		expect(c).toMatchObject({
			source: 'sensor',
			category: '20701',
			alertId: list[0]!.id,
			state: 'reported'
		});
		expect(Number(c!.sensor)).toBe(id);

		// Use resolves the alert; the case stays open (people close cases, not sensors).
		await send(id, 'kwh', [[DAY + 20 * HOUR, 0.4]]);
		// Next day: another 12 idle daytime hours → a new alert, joined to the same open case.
		await send(id, 'kwh', hourly(DAY + 31 * HOUR, 13, 0));
		list = await alertsOf(id, rule);
		expect(list.map((a) => a.state)).toEqual(['resolved', 'open']);
		expect(list[1]!.incident).toBe(caseId);
		const [n] = await db.query<{ n: number }>(
			'SELECT count(*)::int AS n FROM incident WHERE sensor_id = $1 AND sensor_rule_id = $2',
			[id, rule]
		);
		expect(Number(n!.n)).toBe(1);
	});

	it('refuses a second open case for the same sensor and rule in the database', async () => {
		const { id } = await sensorOf('smart_meter');
		const rule = await ruleOf('smart_meter', 'no_activity');
		const [other] = await db.query<{ id: number }>(
			"SELECT id::int FROM incident WHERE sensor_id IS NULL AND state NOT IN ('closed', 'rejected', 'merged') ORDER BY id LIMIT 1"
		);
		await expect(
			db.query('UPDATE incident SET sensor_id = $1, sensor_rule_id = $2 WHERE id = $3', [
				id,
				rule,
				other!.id
			])
		).rejects.toMatchObject({ code: '23505' });
	});
});

describe('manual case from an alert', () => {
	it('needs a category when the rule has none, then opens the case once', async () => {
		const { id, sub } = await sensorOf('water_quality', 2);
		const rule = await ruleOf('water_quality', 'rate');
		await clean(id);
		const t = DAY + 14 * HOUR;
		await send(id, 'turbidity', [
			[t, 10],
			[t + 60_000, 200]
		]);
		const alert = (await alertsOf(id, rule)).at(-1)!;
		expect(alert.state).toBe('open');
		await expect(openCaseFromAlert(db, operator, alert.id, null)).rejects.toBeInstanceOf(
			UserInputError
		);
		const elsewhere: Actor = { ...operator, scope: ['999999999999'].filter((s) => s !== sub) };
		await expect(openCaseFromAlert(db, elsewhere, alert.id, '20105')).rejects.toBeInstanceOf(
			ScopeError
		);
		const made = await openCaseFromAlert(db, operator, alert.id, '20105');
		expect(made.created).toBe(true);
		const again = await openCaseFromAlert(db, operator, alert.id, '20105');
		expect(again).toEqual({ caseId: made.caseId, created: false });
		const [row] = await alertsOf(id, rule).then((l) => l.filter((a) => a.id === alert.id));
		expect(row!.incident).toBe(made.caseId);
	});
});

describe('silence sweep', () => {
	it('opens one alert per silent spell in bulk and resolves it when the sensor reports again', async () => {
		const { id } = await sensorOf('smoke');
		const rule = await ruleOf('smoke', 'silence');
		await clean(id);
		const now = new Date(NOW);
		// Smoke detectors report hourly: 3 h 1 min without data is silent, 2 h 59 min is not.
		await db.query('UPDATE sensor SET last_seen_at = $2 WHERE id = $1', [
			id,
			new Date(NOW - 3 * HOUR + 60_000)
		]);
		let r = await sweepSensors(db, now);
		expect((await alertsOf(id, rule)).filter((a) => a.state !== 'resolved')).toHaveLength(0);
		await db.query('UPDATE sensor SET last_seen_at = $2 WHERE id = $1', [
			id,
			new Date(NOW - 3 * HOUR - 60_000)
		]);
		r = await sweepSensors(db, now);
		const open = (await alertsOf(id, rule)).filter((a) => a.state !== 'resolved');
		expect(open).toHaveLength(1);
		expect(r.opened).toContain(open[0]!.id);
		// Again: nothing new for this sensor, also after an operator resolved it (same spell).
		expect((await sweepSensors(db, now)).opened).not.toContain(open[0]!.id);
		await clean(id);
		await sweepSensors(db, now);
		expect((await alertsOf(id, rule)).filter((a) => a.state !== 'resolved')).toHaveLength(0);
		// A new spell: reports, sweep, then silent again.
		await db.query("UPDATE alert SET state = 'open', resolved_at = NULL WHERE id = $1", [
			open[0]!.id
		]);
		await send(id, 'battery', [[NOW - 60_000, 80]]);
		r = await sweepSensors(db, now);
		expect(r.resolved).toContain(open[0]!.id);
	});
});
