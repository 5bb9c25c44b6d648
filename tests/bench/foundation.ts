/**
 * Foundation benchmarks (issue 2): cold start (empty data dir → serving, seed included) ≤ 60 s,
 * warm start ≤ 5 s on PGlite; the scale-10 seed into PostgreSQL ≤ 120 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgres } from '../../src/lib/server/db/postgres';
import { migrate } from '../../src/lib/server/db/migrate';
import { seedDemo } from '../../src/lib/server/seed';
import { scratchDatabase, startServer, type BenchResult } from './util';

export async function benchStartup(): Promise<BenchResult[]> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiedao-bench-'));
	const env = { PGLITE_DATA_DIR: path.join(dir, 'pglite') };
	try {
		const cold = await startServer(env);
		await cold.stop();
		const warm = await startServer(env);
		await warm.stop();
		return [
			{
				name: 'Cold start on PGlite (empty data dir → serving, demo seeded)',
				value: cold.readyMs / 1000,
				unit: 's',
				bar: '≤ 60 s',
				ok: cold.readyMs <= 60_000
			},
			{
				name: 'Warm start on PGlite',
				value: warm.readyMs / 1000,
				unit: 's',
				bar: '≤ 5 s',
				ok: warm.readyMs <= 5_000
			}
		];
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

export async function benchSeedScale10(): Promise<BenchResult[]> {
	const scratch = await scratchDatabase('jiedao_bench_seed');
	const db = await openPostgres({ url: scratch.url, statementTimeoutMs: 3_600_000, max: 4 });
	try {
		await migrate(db);
		const t0 = performance.now();
		await seedDemo(db, { scale: 10, seed: 20260101 });
		const ms = performance.now() - t0;
		const [c] = await db.query<{ incidents: number; readings: number }>(
			'SELECT (SELECT count(*)::int FROM incident) AS incidents, (SELECT count(*)::int FROM reading) AS readings'
		);
		return [
			{
				name: `Seed --scale 10 into PostgreSQL (${c?.incidents} incidents, ${c?.readings} readings)`,
				value: ms / 1000,
				unit: 's',
				bar: '≤ 120 s',
				ok: ms <= 120_000
			}
		];
	} finally {
		await db.close();
		await scratch.drop();
	}
}
