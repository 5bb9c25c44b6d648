/**
 * Sensor ingestion (issue 6) on PostgreSQL: HTTP batch ingestion through the built server
 * (batches of 5,000, a few concurrent clients, rule evaluation included) ≥ 20,000 readings/s, and
 * its ratio to a raw COPY of the same readings into the same table ≥ 0.4.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { scratchDatabase, startServer, type BenchResult } from './util';

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
		return [
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
