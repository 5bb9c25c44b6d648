/**
 * Cases (issue 5 §9) on PostgreSQL with the scale-10 demo:
 * - case creation through the API (POST /api/incidents, anonymous resident reports) with
 *   autocannon, 50 connections: ≥ 500 requests/s with p99 ≤ 100 ms;
 * - the deadline-sorted work queue over 200,000 cases (topped up in bulk SQL): ≤ 50 ms.
 */
import autocannon from 'autocannon';
import postgres from 'postgres';
import type { Actor } from '../../src/lib/domain/actor';
import { openPostgres } from '../../src/lib/server/db/postgres';
import { listQueue } from '../../src/lib/server/incidents/service';
import { percentile, scratchDatabase, startServer, type BenchResult } from './util';

const CASES = 200_000;
const CONNECTIONS = 50;
const DURATION_S = 15;

const operator: Actor = {
	role: 'operator',
	scope: 'all',
	userId: null,
	username: 'bench-operator'
};

/** Tops the case table up to `total` open cases in one statement (placed by the trigger). */
async function topUp(sql: postgres.Sql, total: number): Promise<number> {
	const [c] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM incident`;
	const missing = total - c!.n;
	if (missing <= 0) return c!.n;
	// why: new cases copy the category and place of existing ones (so they land inside the
	// district), in open states with deadlines spread over a month around now.
	await sql`
		WITH src AS (
		  SELECT row_number() OVER (ORDER BY id) AS k, category_code, geom, priority
		  FROM incident
		), n AS (SELECT count(*) AS n FROM src)
		INSERT INTO incident (tracking_code, category_code, source, state, priority, description, geom,
		                      stage, stage_started_at, deadline_at, reported_at, updated_at)
		SELECT 'BQ' || lpad(to_hex(g), 10, '0'), s.category_code, 'hotline',
		       (ARRAY['reported','filed','dispatched','in_progress','handled','returned'])[1 + g % 6],
		       s.priority, 'bench case', s.geom, 'handling',
		       now() - make_interval(hours => g % 240),
		       now() + make_interval(mins => (g % 43200) - 14400),
		       now() - make_interval(hours => g % 240), now()
		FROM generate_series(1, ${missing}::int) AS g
		CROSS JOIN n
		JOIN src s ON s.k = 1 + (g % n.n)`;
	await sql`VACUUM ANALYZE incident`;
	const [d] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM incident`;
	return d!.n;
}

export async function benchIncidents(): Promise<BenchResult[]> {
	const scratch = await scratchDatabase('jiedao_bench_incidents');
	let server: Awaited<ReturnType<typeof startServer>> | undefined;
	const sql = postgres(scratch.url, { max: 2, onnotice: () => {} });
	try {
		server = await startServer({
			DATABASE_URL: scratch.url,
			DB_ALLOW_SUPERUSER: 'true',
			SEED_SCALE: '10',
			RATE_LIMIT_PUBLIC_PER_MINUTE: '0'
		});
		const [p] = await sql<{ lon: number; lat: number }[]>`
			SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident
			WHERE subdistrict_code IS NOT NULL ORDER BY id LIMIT 1`;
		const body = JSON.stringify({
			category: '20101',
			lon: p!.lon,
			lat: p!.lat,
			description: '压测：路边垃圾堆积'
		});
		const run = await autocannon({
			url: `${server.url}/api/incidents`,
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body,
			connections: CONNECTIONS,
			duration: DURATION_S
		});
		if (run.non2xx > 0 || run.errors > 0) {
			throw new Error(`bench: ${run.non2xx} non-2xx answers and ${run.errors} errors`);
		}
		const rps = run.requests.average;
		const p99 = run.latency.p99;
		// why: autocannon's keep-alive sockets can hold the graceful shutdown open; do not wait on it.
		const running = server;
		server = undefined;
		await Promise.race([
			running.stop(),
			new Promise<void>((resolve) =>
				setTimeout(() => {
					running.proc.kill('SIGKILL');
					resolve();
				}, 10_000)
			)
		]);

		const total = await topUp(sql, CASES);
		const db = await openPostgres({ url: scratch.url, statementTimeoutMs: 60_000, max: 2 });
		const timings: Record<string, number[]> = { all: [], overdue: [], subdistrict: [] };
		try {
			const [s] = await sql<{ code: string }[]>`
				SELECT code FROM admin_area WHERE level = 'subdistrict' ORDER BY code LIMIT 1`;
			const filters: Record<string, Record<string, string>> = {
				all: {},
				overdue: { urgency: 'overdue' },
				subdistrict: { subdistrict: s!.code }
			};
			for (let k = 0; k < 23; k++) {
				for (const [name, f] of Object.entries(filters)) {
					const t0 = performance.now();
					await listQueue(db, operator, f);
					if (k >= 3) timings[name]!.push(performance.now() - t0);
				}
			}
		} finally {
			await db.close();
		}
		const median = (xs: number[]) =>
			percentile(
				[...xs].sort((a, b) => a - b),
				50
			);
		const queue = median(timings.all!);
		return [
			{
				name: `Case creation POST /api/incidents (autocannon, ${CONNECTIONS} connections, ${DURATION_S} s)`,
				value: rps,
				unit: 'req/s',
				bar: '≥ 500',
				ok: rps >= 500,
				note: `${run.requests.total} cases`
			},
			{
				name: 'Case creation p99 latency',
				value: p99,
				unit: 'ms',
				bar: '≤ 100',
				ok: p99 <= 100
			},
			{
				name: `Deadline-sorted queue, first page (${total} cases, median of 20)`,
				value: queue,
				unit: 'ms',
				bar: '≤ 50',
				ok: queue <= 50
			},
			{
				name: 'Deadline-sorted queue, overdue filter (median)',
				value: median(timings.overdue!),
				unit: 'ms'
			},
			{
				name: 'Deadline-sorted queue, one subdistrict (median)',
				value: median(timings.subdistrict!),
				unit: 'ms'
			}
		];
	} finally {
		await sql.end();
		await server?.stop();
		await scratch.drop();
	}
}
