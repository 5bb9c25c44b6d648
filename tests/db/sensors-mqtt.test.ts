/**
 * The MQTT subscriber against the real Mosquitto at 127.0.0.1:1883 (a shared broker: this run has
 * its own topic root and client ids) and a real database engine: readings land once, repeats are
 * ignored, malformed messages are acknowledged and counted (not redelivered forever), and a
 * restart with the persistent session receives what was published while it was down.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSubscriber, type Subscriber } from '../../src/lib/server/sensors/mqtt';
import { testDb, type TestDb } from '../setup/test-db';

const BROKER = process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const run = randomBytes(5).toString('hex');
const prefix = `jiedao-test-${run}/`;
const clientId = `jiedao-test-${run}`;

let db: TestDb;
let pub: MqttClient;
let sub: Subscriber | null = null;
let sensor: number;
const base = Date.now() - 2 * 3600_000;
const at = (i: number) => new Date(base + i * 60_000).toISOString();

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 20_000) {
	const end = Date.now() + ms;
	while (!(await cond())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

async function stored(): Promise<number> {
	const [r] = await db.query<{ n: number }>(
		'SELECT count(*)::int AS n FROM reading WHERE sensor_id = $1 AND ts >= $2',
		[sensor, new Date(base)]
	);
	return Number(r!.n);
}

function publish(topic: string, payload: unknown) {
	const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
	return pub.publishAsync(`${prefix}${topic}`, body, { qos: 1 });
}

function subscribe() {
	return startSubscriber(db, { url: BROKER, clientId, topicPrefix: prefix, retryMinMs: 20 });
}

beforeAll(async () => {
	db = await testDb();
	const [s] = await db.query<{ id: number }>(
		"SELECT id FROM sensor WHERE type = 'water_quality' ORDER BY id LIMIT 1"
	);
	sensor = Number(s!.id);
	pub = await mqtt.connectAsync(BROKER, { clientId: `${clientId}-pub`, clean: true });
}, 120_000);

afterAll(async () => {
	await sub?.stop();
	await pub?.endAsync();
	// Drop this run's persistent session from the shared broker.
	const c = await mqtt.connectAsync(BROKER, { clientId, clean: true });
	await c.endAsync();
	await db?.close();
});

describe('MQTT subscriber', () => {
	it('stores each reading once, ignores repeats and acknowledges malformed messages', async () => {
		sub = subscribe();
		await sub.ready;
		const topic = `sensors/${sensor}/readings`;
		for (let i = 0; i < 5; i++)
			await publish(topic, { ts: at(i), metric: 'do', value: 7 + i / 10 });
		await publish(
			topic,
			[5, 6, 7].map((i) => ({ ts: at(i), metric: 'do', value: 7.5 }))
		);
		await publish(topic, { ts: at(2), metric: 'do', value: 7.2 }); // a repeat
		await publish(topic, '{ not json');
		await publish(topic, []);
		await publish('sensors/abc/readings', { ts: at(9), metric: 'do', value: 7 });
		await publish(topic, { ts: at(10), metric: 'nitrate', value: 1 });
		await publish(topic, { ts: at(11), metric: 'do', value: 'high' });
		// 12 messages, all acknowledged (publishAsync with QoS 1 resolves on the PUBACK).
		await waitFor(() => sub!.stats.messages === 12, 'twelve messages handled');
		expect(await stored()).toBe(8);
		expect(sub.stats).toMatchObject({
			accepted: 8,
			duplicate: 1,
			rejected: 2,
			malformed: 3
		});
		const [seen] = await db.query<{ t: Date }>(
			'SELECT last_seen_at AS t FROM sensor WHERE id = $1',
			[sensor]
		);
		expect(new Date(seen!.t).getTime()).toBeGreaterThanOrEqual(Date.parse(at(7)));
	}, 60_000);

	it('receives after a restart what was published while it was down (persistent session)', async () => {
		await sub!.stop();
		sub = null;
		const topic = `sensors/${sensor}/readings`;
		const before = await stored();
		for (let i = 20; i < 30; i++) await publish(topic, { ts: at(i), metric: 'do', value: 8 });
		// Nobody is connected: nothing can have been stored yet.
		expect(await stored()).toBe(before);
		sub = subscribe();
		await sub.ready;
		await waitFor(async () => (await stored()) === before + 10, 'the queued readings');
		expect(sub.stats.accepted).toBe(10);
		expect(sub.stats.duplicate).toBe(0);
	}, 60_000);

	it('drains a backlog larger than the broker in-flight window after a restart', async () => {
		// The session must exist (this test may run alone): subscribe once, then go away.
		sub ??= subscribe();
		await sub.ready;
		await sub.stop();
		sub = null;
		const topic = `sensors/${sensor}/readings`;
		const before = await stored();
		const N = 600;
		const ts = (i: number) => new Date(base + 3600_000 + i * 1000).toISOString();
		for (let i = 0; i < N; i++) await publish(topic, { ts: ts(i), metric: 'do', value: 6 });
		sub = subscribe();
		const t = Date.now();
		await waitFor(async () => (await stored()) === before + N, 'the backlog', 20_000).catch(
			async (e) => {
				throw new Error(
					`${(e as Error).message}: ${JSON.stringify(sub!.stats)} stored ${(await stored()) - before}`
				);
			}
		);
		console.log(`backlog of ${N} drained in ${Date.now() - t} ms`);
		expect(sub.stats.accepted).toBe(N);
	}, 90_000);
});
