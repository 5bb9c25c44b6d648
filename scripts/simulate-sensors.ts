/**
 * npm run simulate:sensors — streams realistic readings for the demo sensors, with injected
 * anomalies, so a newcomer sees alerts (and cases) appear on the map and in the alert queue.
 *
 * Over MQTT (QoS 1, to <MQTT_TOPIC_PREFIX>sensors/{id}/readings) when MQTT_URL is set, else over
 * HTTP (POST /api/ingest/readings with the INGEST_DEMO_KEY gateway key) to --url.
 *
 *   npm run simulate:sensors -- --rate 20 --duration 300 --anomaly-every 20 [--via http|mqtt]
 *     [--url http://127.0.0.1:3000]
 *
 * --rate: readings per second in total; --duration: seconds (0 = until Ctrl-C); --anomaly-every:
 * seconds between injected anomalies (smoke alarm, tilted manhole cover, pH out of range for
 * 12 minutes, turbidity jump, loud noise).
 */
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import { loadConfig } from '../src/lib/server/config';
import { openDb } from '../src/lib/server/db';
import { sql } from '../src/lib/server/sql';

const { values: args } = parseArgs({
	options: {
		rate: { type: 'string', default: '20' },
		duration: { type: 'string', default: '300' },
		'anomaly-every': { type: 'string', default: '20' },
		via: { type: 'string' },
		url: { type: 'string', default: 'http://127.0.0.1:3000' }
	}
});

function num(name: string, v: string | undefined, min: number, max: number): number {
	const n = Number(v);
	if (!Number.isFinite(n) || n < min || n > max) {
		console.error(`--${name}: must be a number from ${min} to ${max}`);
		process.exit(2);
	}
	return n;
}

const rate = num('rate', args.rate, 0.1, 10_000);
const duration = num('duration', args.duration, 0, 7 * 86_400);
const anomalyEvery = num('anomaly-every', args['anomaly-every'], 1, 86_400);
const config = loadConfig();
const via = args.via ?? (config.MQTT_URL ? 'mqtt' : 'http');
if (via !== 'mqtt' && via !== 'http') {
	console.error('--via: must be mqtt or http');
	process.exit(2);
}
if (via === 'mqtt' && !config.MQTT_URL) {
	console.error('MQTT_URL: must be set to simulate over MQTT');
	process.exit(2);
}
if (via === 'http' && !config.INGEST_DEMO_KEY) {
	console.error('INGEST_DEMO_KEY: must be set (the demo gateway key) to simulate over HTTP');
	process.exit(2);
}

type Sensor = {
	id: number;
	type: string;
};
type Reading = { sensor: number; metric: string; value: number; ts: string };

const db = await openDb(config);
const sensors = (await db.query<Sensor>(sql('sensors/sensor_list'), [null, null])).map((s) => ({
	id: Number(s.id),
	type: String(s.type)
}));
await db.close();
if (sensors.length === 0) {
	console.error('No sensors in the database: seed the demo first (npm run db:seed)');
	process.exit(1);
}

const gauss = () => (Math.random() + Math.random() + Math.random() - 1.5) * 0.8;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Sensor id → metric → value forced until a time (epoch ms): the injected anomalies. */
const forced = new Map<number, Map<string, { value: number; until: number }>>();

function normal(type: string): Record<string, number> {
	const hour = (new Date().getUTCHours() + 8) % 24;
	switch (type) {
		case 'water_quality':
			return {
				ph: clamp(7.2 + gauss() * 0.3, 0, 14),
				turbidity: clamp(8 + gauss() * 2, 0, 1000),
				do: clamp(7.5 + gauss() * 0.5, 0, 20)
			};
		case 'smart_meter':
			return { kwh: clamp((hour >= 7 && hour < 23 ? 0.35 : 0.08) + gauss() * 0.1, 0, 10) };
		case 'smoke':
			return { smoke: 0, battery: clamp(85 + gauss() * 3, 0, 100) };
		case 'manhole_tilt':
			return { tilt: clamp(1 + gauss(), 0, 90) };
		case 'noise':
			return { db: clamp(55 + gauss() * 8, 20, 140) };
		default:
			return {};
	}
}

function inject(now: number): string {
	const s = sensors[Math.floor(Math.random() * sensors.length)]!;
	const f = forced.get(s.id) ?? new Map<string, { value: number; until: number }>();
	forced.set(s.id, f);
	const what: Record<string, [string, number, number]> = {
		water_quality: Math.random() < 0.5 ? ['ph', 4.8, 12 * 60_000] : ['turbidity', 180, 5 * 60_000],
		smoke: ['smoke', 1, 60_000],
		manhole_tilt: ['tilt', 32, 10 * 60_000],
		noise: ['db', 96, 40 * 60_000],
		smart_meter: ['kwh', 0, 60_000]
	};
	const [metric, value, ms] = what[s.type] ?? ['', 0, 0];
	if (!metric) return '';
	f.set(metric, { value, until: now + ms });
	return `${s.type} #${s.id}: ${metric} = ${value} for ${Math.round(ms / 60_000)} min`;
}

function readingsOf(s: Sensor, now: number): Reading[] {
	const ts = new Date(now).toISOString();
	const f = forced.get(s.id);
	return Object.entries(normal(s.type)).map(([metric, v]) => {
		const x = f?.get(metric);
		const value = x && x.until > now ? x.value : Math.round(v * 100) / 100;
		return { sensor: s.id, metric, value, ts };
	});
}

const client = via === 'mqtt' ? await mqtt.connectAsync(config.MQTT_URL!, { clean: true }) : null;
let sent = 0;
let refused = 0;

async function send(batch: Reading[]) {
	if (client) {
		for (const r of batch) {
			await client.publishAsync(
				`${config.MQTT_TOPIC_PREFIX}sensors/${r.sensor}/readings`,
				JSON.stringify({ ts: r.ts, metric: r.metric, value: r.value }),
				{ qos: 1 }
			);
		}
		sent += batch.length;
		return;
	}
	const res = await fetch(`${args.url}/api/ingest/readings`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${config.INGEST_DEMO_KEY}`,
			'content-type': 'application/json'
		},
		body: JSON.stringify({ readings: batch })
	});
	if (!res.ok) throw new Error(`POST /api/ingest/readings: ${res.status} ${await res.text()}`);
	const r = (await res.json()) as { accepted: number; rejected: unknown[] };
	sent += r.accepted;
	refused += r.rejected.length;
}

console.log(
	`simulating ${sensors.length} sensors over ${via}: ${rate} readings/s, ` +
		`${duration ? `${duration} s` : 'until Ctrl-C'}, an anomaly every ${anomalyEvery} s`
);
const start = Date.now();
let nextAnomaly = start + anomalyEvery * 1000;
let cursor = 0;
let stop = false;
process.once('SIGINT', () => (stop = true));
while (!stop && (duration === 0 || Date.now() - start < duration * 1000)) {
	const tick = Date.now();
	if (tick >= nextAnomaly) {
		const what = inject(tick);
		if (what) console.log(`anomaly: ${what}`);
		nextAnomaly = tick + anomalyEvery * 1000;
	}
	// One second's worth of readings, round-robin over the sensors (each reports all its metrics).
	const batch: Reading[] = [];
	while (batch.length < rate) {
		const s = sensors[cursor++ % sensors.length]!;
		batch.push(...readingsOf(s, tick));
	}
	try {
		await send(batch);
	} catch (e) {
		console.warn((e as Error).message);
	}
	const wait = 1000 - (Date.now() - tick);
	if (wait > 0) await new Promise((r) => setTimeout(r, wait));
	if (Math.floor((Date.now() - start) / 10_000) !== Math.floor((tick - start) / 10_000)) {
		console.log(`sent ${sent} readings${refused ? `, ${refused} refused` : ''}`);
	}
}
await client?.endAsync();
console.log(`done: ${sent} readings${refused ? `, ${refused} refused` : ''}`);
