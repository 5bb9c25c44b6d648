/**
 * Sensor ingestion (issue 6) on PostgreSQL: HTTP batch ingestion through the built server
 * (batches of 5,000, a few concurrent clients, rule evaluation included) ≥ 20,000 readings/s, and
 * its ratio to a raw COPY of the same readings into the same table ≥ 0.4; MQTT messages per second
 * end to end (published → committed by the server's subscriber, one reading per message) ≥ 5,000;
 * and the cost of rule evaluation per reading (the pure evaluators, µs).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import postgres from 'postgres';
import { stepRule, type RuleKind } from '../../src/lib/domain/sensor-rules';
import { scratchDatabase, startServer, type BenchResult } from './util';

const BROKER = process.env.BENCH_MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const MQTT_MESSAGES = 10_000;
/** Outstanding (published, not yet committed) messages: under Mosquitto's default queue of 1,000. */
const MQTT_WINDOW = 800;

/** µs per reading of the pure rule evaluators, with the JSON state round trip of rule_state. */
function ruleEvaluationCost(): BenchResult {
	const rules: [RuleKind, unknown][] = [
		['threshold', { lt: 6, gt: 9, forSeconds: 600, hysteresis: 0.2 }],
		['rate', { maxChange: 50, perSeconds: 3600 }],
		['no_activity', { maxValue: 0.01, hours: 12, daytimeStart: '07:00', daytimeEnd: '22:00' }]
	];
	const N = 300_000;
	let state: unknown = {};
	let open = false;
	const t0 = performance.now();
	for (let i = 0; i < N; i++) {
		const [kind, params] = rules[i % 3]!;
		const s = stepRule(kind, params, state, open, i * 60_000, 5 + (i % 7));
		state = JSON.parse(JSON.stringify(s.state));
		open = s.alertOpen;
		if (i % 3 === 2) state = {};
	}
	const us = ((performance.now() - t0) * 1000) / N;
	return {
		name: 'Rule evaluation per reading (pure evaluators + state JSON round trip)',
		value: us,
		unit: 'µs',
		note: `${N} steps over threshold, rate and no-activity rules`
	};
}

const KEY = 'bench-ingest-gateway-key-2026';
const BATCH = 5000;
const BATCHES = 40;
const CLIENTS = 4;

interface Reading {
	sensor: number;
	ts: string;
	metric: string;
	value: number;
}

/** BATCHES × BATCH readings over every sensor, at times the demo seed never uses (odd ms). */
function readingsFor(
	sensors: { id: number; metrics: { name: string; min: number; max: number }[] }[]
): Reading[] {
	const out: Reading[] = [];
	const base = Date.now() - 3 * 86_400_000 + 137;
	for (let k = 0; out.length < BATCH * BATCHES; k++) {
		for (const s of sensors) {
			for (const m of s.metrics) {
				out.push({
					sensor: s.id,
					ts: new Date(base + k * 1000).toISOString(),
					metric: m.name,
					// Mid-range: the rules are evaluated on every reading but raise nothing.
					value: Math.round(((m.min + m.max) / 2) * 100) / 100
				});
				if (out.length === BATCH * BATCHES) return out;
			}
		}
	}
	return out;
}

export async function benchSensors(): Promise<BenchResult[]> {
	const scratch = await scratchDatabase('jiedao_bench_sensors');
	let server: Awaited<ReturnType<typeof startServer>> | undefined;
	const sql = postgres(scratch.url, { max: 2, onnotice: () => {} });
	try {
		server = await startServer({
			DATABASE_URL: scratch.url,
			DB_ALLOW_SUPERUSER: 'true',
			INGEST_DEMO_KEY: KEY,
			RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
			JSON_BODY_LIMIT_BYTES: String(4 * 1024 * 1024),
			BODY_SIZE_LIMIT: '8M'
		});
		const sensors = await sql<
			{ id: number; metrics: { name: string; min: number; max: number }[] }[]
		>`SELECT s.id, t.metrics FROM sensor s JOIN sensor_type t ON t.code = s.type ORDER BY s.id`;
		const readings = readingsFor(sensors);
		const [b] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM reading`;
		const before = b!.n;

		// Raw COPY of the same readings into the same table, then removed again.
		// Text in chunks of one batch, encoded before the clock starts, as the HTTP bodies are.
		const chunks: string[] = [];
		for (let i = 0; i < readings.length; i += BATCH) {
			chunks.push(
				readings
					.slice(i, i + BATCH)
					.map((r) => `${r.sensor}\t${r.metric}\t${r.ts}\t${r.value}\n`)
					.join('')
			);
		}
		const [t] = await sql<{ at: Date }[]>`SELECT now() AS at`;
		const copyFrom = t!.at;
		const c0 = performance.now();
		const w = await sql.unsafe('COPY reading (sensor_id, metric, ts, value) FROM STDIN').writable();
		await pipeline(Readable.from(chunks), w);
		const copyS = (performance.now() - c0) / 1000;
		// COPY's rows get received_at = now() of its transaction; the seed's are their own ts.
		await sql`DELETE FROM reading WHERE received_at >= ${copyFrom}`;
		await sql`VACUUM ANALYZE reading`;
		const [a] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM reading`;
		const after = a!.n;
		if (after !== before) throw new Error(`bench: COPY cleanup left ${after - before} rows`);

		// HTTP: CLIENTS clients take the next batch until none are left.
		const bodies: string[] = [];
		for (let i = 0; i < BATCHES; i++) {
			bodies.push(JSON.stringify({ readings: readings.slice(i * BATCH, (i + 1) * BATCH) }));
		}
		let next = 0;
		let accepted = 0;
		const h0 = performance.now();
		await Promise.all(
			Array.from({ length: CLIENTS }, async () => {
				while (next < bodies.length) {
					const body = bodies[next++]!;
					const r = await fetch(`${server!.url}/api/ingest/readings`, {
						method: 'POST',
						headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
						body
					});
					if (!r.ok) throw new Error(`bench: ingest ${r.status} ${await r.text()}`);
					accepted += ((await r.json()) as { accepted: number }).accepted;
				}
			})
		);
		const httpS = (performance.now() - h0) / 1000;
		if (accepted !== readings.length)
			throw new Error(`bench: accepted ${accepted} of ${readings.length}`);
		const httpRate = readings.length / httpS;
		const copyRate = readings.length / copyS;

		// MQTT: a second server with the subscriber on this run's topic root; one reading per
		// message, published with QoS 1 while at most MQTT_WINDOW are waiting to be committed.
		const run = randomBytes(4).toString('hex');
		const prefix = `jiedao-bench-${run}/`;
		const clientId = `jiedao-bench-${run}`;
		const session = await mqtt.connectAsync(BROKER, { clientId, clean: false });
		await session.subscribeAsync(`${prefix}sensors/+/readings`, { qos: 1 });
		await session.endAsync();
		await server.stop();
		server = await startServer({
			DATABASE_URL: scratch.url,
			DB_ALLOW_SUPERUSER: 'true',
			RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
			MQTT_URL: BROKER,
			MQTT_CLIENT_ID: clientId,
			MQTT_TOPIC_PREFIX: prefix
		});
		const pub = await mqtt.connectAsync(BROKER, { clean: true });
		const mqttBase = Date.now() - 2 * 86_400_000 + 411;
		// why: a narrow range on ts (BRIN) polled every 200 ms, so counting does not compete
		// with the subscriber for the 2 cores.
		const count = async () =>
			(
				await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM reading
				WHERE ts >= ${new Date(mqttBase)} AND ts < ${new Date(mqttBase + 86_400_000)}`
			)[0]!.n;
		const start0 = await count();
		let committed = 0;
		const m0 = performance.now();
		for (let i = 0; i < MQTT_MESSAGES; i++) {
			while (i - committed >= MQTT_WINDOW) {
				await new Promise((r) => setTimeout(r, 200));
				committed = (await count()) - start0;
			}
			const s = sensors[i % sensors.length]!;
			const m = s.metrics[0]!;
			void pub.publishAsync(
				`${prefix}sensors/${s.id}/readings`,
				JSON.stringify({
					ts: new Date(mqttBase + Math.floor(i / sensors.length) * 1000).toISOString(),
					metric: m.name,
					value: Math.round(((m.min + m.max) / 2) * 100) / 100
				}),
				{ qos: 1 }
			);
		}
		while (committed < MQTT_MESSAGES) {
			await new Promise((r) => setTimeout(r, 200));
			committed = (await count()) - start0;
			if (performance.now() - m0 > 600_000) throw new Error(`bench: MQTT stalled at ${committed}`);
		}
		const mqttS = (performance.now() - m0) / 1000;
		await pub.endAsync();
		const gone = await mqtt.connectAsync(BROKER, { clientId, clean: true });
		await gone.endAsync();
		const mqttRate = MQTT_MESSAGES / mqttS;

		return [
			{
				name: 'MQTT ingestion end to end (QoS 1, committed before PUBACK, 1 reading/message)',
				value: mqttRate,
				unit: 'messages/s',
				bar: '≥ 5,000',
				ok: mqttRate >= 5000,
				note: `${MQTT_MESSAGES} messages in ${mqttS.toFixed(2)} s`
			},
			ruleEvaluationCost(),
			{
				name: `HTTP batch ingestion (PostgreSQL, ${CLIENTS} clients × batches of ${BATCH})`,
				value: httpRate,
				unit: 'readings/s',
				bar: '≥ 20,000',
				ok: httpRate >= 20_000,
				note: `${readings.length} readings in ${httpS.toFixed(2)} s`
			},
			{
				name: 'Raw COPY of the same readings into reading',
				value: copyRate,
				unit: 'readings/s',
				note: `${readings.length} readings in ${copyS.toFixed(2)} s`
			},
			{
				name: 'HTTP ingestion / raw COPY',
				value: httpRate / copyRate,
				unit: '×',
				bar: '≥ 0.4',
				ok: httpRate / copyRate >= 0.4
			}
		];
	} finally {
		await sql.end();
		await server?.stop();
		await scratch.drop();
	}
}
