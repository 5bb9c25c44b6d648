/**
 * Sensor ingestion, rule evaluation and the sensors/alerts read services on a real engine
 * (PGlite; PostgreSQL too with TEST_DATABASE_URL): per-reading reasons, idempotency under 50
 * concurrent repeats, key scope, one alert across a flapping sequence, and viewer scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/domain/actor';
import { PermissionError, ScopeError } from '../../src/lib/domain/permissions';
import { UserInputError } from '../../src/lib/server/auth/users';
import { pgArray } from '../../src/lib/server/seed/context';
import { listAlerts, listSensors, transitionAlert } from '../../src/lib/server/sensors/alerts';
import {
	authenticateKey,
	IngestError,
	ingestReadings,
	keyHash,
	MAX_BATCH,
	type KeyGrant
} from '../../src/lib/server/sensors/ingest';
import { createDemoIngestKey } from '../../src/lib/server/sensors/demo-key';
import { testDb, type TestDb } from '../setup/test-db';

let db: TestDb;
/** Water-quality sensors, the first two in different subdistricts when the demo allows. */
let wq: { id: number; sub: string }[];
let meter: number;
let gateway: KeyGrant;
const NOW = Date.parse('2030-01-01T00:00:00Z');
const at = (minutes: number) => new Date(NOW - 24 * 3600_000 + minutes * 60_000).toISOString();

const actor = (role: Actor['role'], scope: Actor['scope']): Actor => ({
	role,
	scope,
	userId: null,
	username: `t-${role}`
});

beforeAll(async () => {
	db = await testDb();
	const rows = await db.query<{ id: number; sub: string }>(
		"SELECT id, subdistrict_code AS sub FROM sensor WHERE type = 'water_quality' AND subdistrict_code IS NOT NULL ORDER BY id"
	);
	wq = rows.map((r) => ({ id: Number(r.id), sub: r.sub }));
	const [m] = await db.query<{ id: number }>(
		"SELECT id FROM sensor WHERE type = 'smart_meter' ORDER BY id LIMIT 1"
	);
	meter = Number(m!.id);
	await createDemoIngestKey(db, 'all-sensors-gateway-key');
	gateway = await authenticateKey(db, 'all-sensors-gateway-key');
}, 120_000);

afterAll(async () => {
	await db?.close();
});

describe('keys', () => {
	it('refuses a missing or unknown key and a revoked gateway key', async () => {
		await expect(authenticateKey(db, null)).rejects.toBeInstanceOf(IngestError);
		await expect(authenticateKey(db, 'no-such-key-anywhere')).rejects.toMatchObject({
			status: 401
		});
		await db.query(
			"INSERT INTO ingest_key (key_hash, label, all_sensors, revoked_at) VALUES ($1, 'old', true, now())",
			[keyHash('revoked-gateway-key')]
		);
		await expect(authenticateKey(db, 'revoked-gateway-key')).rejects.toMatchObject({
			status: 401
		});
		expect(gateway.all).toBe(true);
	});

	it('a device key writes its own sensor only; a gateway key its listed set', async () => {
		const [a, b] = [wq[0]!.id, wq[1]!.id];
		await db.query('UPDATE sensor SET key_hash = $1 WHERE id = $2', [keyHash('device-key-a'), a]);
		await db.query(
			"INSERT INTO ingest_key (key_hash, label, sensor_ids) VALUES ($1, 'gw', $2::int[])",
			[keyHash('listed-gateway-key'), pgArray([b, meter])]
		);
		const device = await authenticateKey(db, 'device-key-a');
		const listed = await authenticateKey(db, 'listed-gateway-key');
		const batch = {
			readings: [a, b, meter].map((sensor) => ({
				sensor,
				ts: at(1.5),
				metric: sensor === meter ? 'kwh' : 'do',
				value: 0.5
			}))
		};
		const byDevice = await ingestReadings(db, device, batch, NOW);
		expect(byDevice.accepted).toBe(1);
		expect(byDevice.rejected).toEqual([
			{ index: 1, reason: 'not_allowed' },
			{ index: 2, reason: 'not_allowed' }
		]);
		const byGateway = await ingestReadings(db, listed, batch, NOW);
		expect(byGateway).toEqual({
			accepted: 2,
			duplicate: 0,
			rejected: [{ index: 0, reason: 'not_allowed' }]
		});
		const [seen] = await db.query<{ t: Date }>(
			'SELECT last_seen_at AS t FROM sensor WHERE id = $1',
			[a]
		);
		expect(new Date(seen!.t).getTime()).toBeGreaterThanOrEqual(Date.parse(at(1.5)));
	});
});

describe('POST /api/ingest/readings service', () => {
	it('rejects each bad reading with its reason and keeps the rest', async () => {
		const s = wq[1]!.id;
		const good = { sensor: s, ts: at(2), metric: 'do', value: 7.5 };
		const readings: unknown[] = [
			good,
			{ ...good, sensor: 2_000_000_000 },
			{ ...good, metric: 'nitrate' },
			{ ...good, value: 'NaN' },
			{ ...good, value: null },
			{ ...good, value: 99 },
			{ ...good, ts: new Date(NOW + 6 * 60_000).toISOString() },
			{ ...good, ts: '2029-12-31 10:00' },
			{ ...good, ts: '2029-13-45T10:00:00Z' },
			42,
			{ ...good, sensor: '1' },
			{ ...good, ts: new Date(NOW + 4 * 60_000).toISOString(), value: 7.6 }
		];
		const r = await ingestReadings(db, gateway, { readings }, NOW);
		expect(r.accepted).toBe(2);
		expect(r.duplicate).toBe(0);
		expect(r.rejected).toEqual([
			{ index: 1, reason: 'unknown_sensor' },
			{ index: 2, reason: 'unknown_metric' },
			{ index: 3, reason: 'not_a_number' },
			{ index: 4, reason: 'not_a_number' },
			{ index: 5, reason: 'out_of_range' },
			{ index: 6, reason: 'future' },
			{ index: 7, reason: 'malformed' },
			{ index: 8, reason: 'malformed' },
			{ index: 9, reason: 'malformed' },
			{ index: 10, reason: 'malformed' }
		]);
		const again = await ingestReadings(db, gateway, { readings }, NOW);
		expect(again.accepted).toBe(0);
		expect(again.duplicate).toBe(2);
	});

	it('refuses a body that is not a batch, or more than 5,000 readings', async () => {
		await expect(ingestReadings(db, gateway, [], NOW)).rejects.toMatchObject({ status: 400 });
		await expect(ingestReadings(db, gateway, { readings: 'x' }, NOW)).rejects.toMatchObject({
			status: 400
		});
		const big = Array.from({ length: MAX_BATCH + 1 }, () => ({}));
		await expect(ingestReadings(db, gateway, { readings: big }, NOW)).rejects.toMatchObject({
			status: 400
		});
	});

	it('counts a repeat inside one batch as a duplicate', async () => {
		const reading = { sensor: wq[1]!.id, ts: at(3), metric: 'turbidity', value: 12 };
		const r = await ingestReadings(db, gateway, { readings: [reading, reading] }, NOW);
		expect(r).toEqual({ accepted: 1, duplicate: 1, rejected: [] });
	});

	it('stores each reading exactly once when the same batch is sent 50 times concurrently', async () => {
		const sensors = wq.map((x) => x.id);
		const readings = sensors.flatMap((sensor) =>
			Array.from({ length: 100 }, (_, k) => ({
				sensor,
				ts: at(100 + k),
				metric: k % 2 ? 'turbidity' : 'do',
				value: 5 + (k % 7)
			}))
		);
		const results = await Promise.all(
			Array.from({ length: 50 }, () => ingestReadings(db, gateway, { readings }, NOW))
		);
		expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(readings.length);
		expect(results.reduce((s, r) => s + r.duplicate, 0)).toBe(49 * readings.length);
		expect(results.every((r) => r.rejected.length === 0)).toBe(true);
		const [n] = await db.query<{ n: number }>(
			'SELECT count(*)::int AS n FROM reading WHERE sensor_id = ANY ($1::int[]) AND ts >= $2 AND ts <= $3',
			[pgArray(sensors), at(100), at(199)]
		);
		expect(n!.n).toBe(readings.length);
	}, 120_000);
});

describe('threshold rule with duration and hysteresis', () => {
	it('opens one alert across a flapping sequence and resolves once clear for long enough', async () => {
		const s = wq[0]!.id;
		const [rule] = await db.query<{ id: number }>(
			"SELECT id FROM alert_rule WHERE sensor_type = 'water_quality' AND kind = 'threshold' AND metric = 'ph'"
		);
		const ruleId = Number(rule!.id);
		// The demo may have left this sensor an unresolved pH alert: start from a clean slate.
		await db.query(
			"UPDATE alert SET state = 'resolved', resolved_at = now() WHERE sensor_id = $1 AND state <> 'resolved'",
			[s]
		);
		const alertsOf = () =>
			db.query<{ id: number; state: string }>(
				'SELECT id, state FROM alert WHERE sensor_id = $1 AND rule_id = $2 AND opened_at > $3 ORDER BY id',
				[s, ruleId, at(199)]
			);
		// One reading a minute: normal; a 5-minute dip that clears (too short); a 12-minute dip
		// (opens at its 10th minute); 30 minutes flapping across 6; 12 minutes normal (resolves).
		const values = [
			7.2,
			7.1,
			...Array<number>(5).fill(5.5),
			7.0,
			...Array<number>(12).fill(5.4),
			...Array.from({ length: 30 }, (_, k) => (k % 2 ? 5.9 : 6.2)),
			...Array<number>(12).fill(7.1)
		];
		let minute = 200;
		const batches: number[][] = [];
		for (let i = 0; i < values.length; i += 7) batches.push(values.slice(i, i + 7));
		let opened = -1;
		for (const batch of batches) {
			const readings = batch.map((value) => ({ sensor: s, ts: at(minute++), metric: 'ph', value }));
			const r = await ingestReadings(db, gateway, { readings }, NOW);
			expect(r.accepted).toBe(readings.length);
			const list = await alertsOf();
			if (opened < 0 && list.length > 0) opened = minute;
			expect(list.length).toBeLessThanOrEqual(1);
		}
		const list = await alertsOf();
		expect(list).toHaveLength(1);
		expect(list[0]!.state).toBe('resolved');
		// Opened in the batch holding the 10th minute of the long dip (minute 208 + 10).
		expect(opened).toBeGreaterThanOrEqual(218);
		const [a] = await db.query<{ opened: Date; resolved: Date }>(
			'SELECT opened_at AS opened, resolved_at AS resolved FROM alert WHERE id = $1',
			[list[0]!.id]
		);
		expect(new Date(a!.opened).toISOString()).toBe(at(218));
		// Clear from minute 250 on; resolved after 10 minutes clear.
		expect(new Date(a!.resolved).toISOString()).toBe(at(260));
		const log = await db.query<{ op: string }>(
			"SELECT op FROM change_log WHERE kind = 'alert' AND entity_id = $1 ORDER BY id",
			[list[0]!.id]
		);
		// Opened, linked to the case its rule opens (pH → dirty waterway), resolved.
		expect(log.map((l) => l.op)).toEqual(['insert', 'update', 'update']);
		const [state] = await db.query<{ state: { lastTs: number } }>(
			'SELECT state FROM rule_state WHERE sensor_id = $1 AND rule_id = $2',
			[s, ruleId]
		);
		expect(state!.state.lastTs).toBe(Date.parse(at(minute - 1)));
	}, 60_000);
});

describe('sensors and alerts read services', () => {
	it('lists sensors in the viewer scope, filtered by type', async () => {
		const all = await listSensors(db, actor('leader', 'all'), null);
		const water = await listSensors(db, actor('leader', 'all'), 'water_quality');
		expect(water.length).toBe(wq.length);
		expect(water[0]).toMatchObject({ type: 'water_quality', status: expect.any(String) });
		expect(water[0]!.metrics.map((m) => m.name)).toEqual(['ph', 'turbidity', 'do']);
		expect(all.length).toBeGreaterThan(water.length);
		const sub = wq[0]!.sub;
		const scoped = await listSensors(db, actor('gridworker', [sub]), null);
		const [inSub] = await db.query<{ n: number }>(
			'SELECT count(*)::int AS n FROM sensor WHERE subdistrict_code = $1',
			[sub]
		);
		expect(scoped.length).toBe(inSub!.n);
		expect(scoped.length).toBeLessThan(all.length);
		await expect(listSensors(db, actor('public', []), null)).rejects.toBeInstanceOf(
			PermissionError
		);
		await expect(listSensors(db, actor('leader', 'all'), 'Bad Type')).rejects.toBeInstanceOf(
			UserInputError
		);
	});

	it('lists alerts in scope and lets an operator acknowledge and resolve them', async () => {
		const all = await listAlerts(db, actor('leader', 'all'), { sensor: null, state: null });
		expect(all.length).toBeGreaterThan(0);
		// The API contract's fields, plus what the operator queue shows.
		expect(all[0]).toMatchObject({
			id: expect.any(Number),
			sensor: expect.any(Number),
			rule: expect.any(Number),
			severity: expect.any(String),
			state: expect.any(String),
			openedAt: expect.stringMatching(/Z$/),
			caseId: expect.toSatisfy((x: unknown) => x === null || typeof x === 'number'),
			sensorCode: expect.any(String),
			sensorType: expect.any(String),
			kind: expect.any(String),
			ruleName: expect.any(String)
		});
		// A fresh open alert on a meter (the small demo may have none open).
		await db.query(
			"UPDATE alert SET state = 'resolved', resolved_at = now() WHERE sensor_id = $1 AND state <> 'resolved'",
			[meter]
		);
		const [open] = await db.query<{ id: number; sensor: number; sub: string }>(
			`INSERT INTO alert (sensor_id, rule_id, severity, value, message)
			 SELECT s.id, r.id, r.severity, 0, 'test'
			 FROM sensor s JOIN alert_rule r ON r.sensor_type = s.type
			 WHERE s.id = $1 ORDER BY r.id LIMIT 1
			 RETURNING id::int AS id, sensor_id AS sensor,
			   (SELECT subdistrict_code FROM sensor WHERE id = $1) AS sub`,
			[meter]
		);
		expect(open).toBeDefined();
		const inScope = actor('operator', [open!.sub]);
		const mine = await listAlerts(db, inScope, { sensor: open!.sensor, state: 'open' });
		expect(mine.map((a) => a.id)).toContain(open!.id);
		const [other] = await db.query<{ code: string }>(
			"SELECT code FROM admin_area WHERE level = 'subdistrict' AND code <> $1 ORDER BY code LIMIT 1",
			[open!.sub]
		);
		const outside = actor('operator', [other!.code]);
		expect(await listAlerts(db, outside, { sensor: open!.sensor, state: null })).toEqual([]);
		await expect(transitionAlert(db, outside, open!.id, 'acknowledged')).rejects.toBeInstanceOf(
			ScopeError
		);
		await expect(
			transitionAlert(db, actor('leader', 'all'), open!.id, 'acknowledged')
		).rejects.toBeInstanceOf(PermissionError);
		const acked = await transitionAlert(db, inScope, open!.id, 'acknowledged');
		expect(acked.state).toBe('acknowledged');
		expect((await transitionAlert(db, inScope, open!.id, 'acknowledged')).state).toBe(
			'acknowledged'
		);
		expect((await transitionAlert(db, inScope, open!.id, 'resolved')).state).toBe('resolved');
		await expect(transitionAlert(db, inScope, open!.id, 'acknowledged')).rejects.toMatchObject({
			status: 409
		});
		await expect(transitionAlert(db, inScope, 999_999_999, 'resolved')).rejects.toBeInstanceOf(
			ScopeError
		);
		const log = await db.query<{ n: number }>(
			"SELECT count(*)::int AS n FROM change_log WHERE kind = 'alert' AND entity_id = $1",
			[open!.id]
		);
		expect(log[0]!.n).toBe(2);
	});
});
