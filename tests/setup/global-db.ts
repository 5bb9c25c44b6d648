/**
 * Builds the seeded starting point once per test run: a PGlite data-dir dump, and, when a
 * PostgreSQL server is configured, a seeded template database. Each test file then starts from
 * its own copy (tests/setup/test-db.ts), so files share no state.
 */
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../src/lib/server/db/pglite';
import { openPostgres } from '../../src/lib/server/db/postgres';
import { migrate } from '../../src/lib/server/db/migrate';
import { withSystemRole } from '../../src/lib/server/auth/rls';
import { TEST_SEED, asAppRole, ownerClause, postgresUrl, withDatabase } from './engines';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteDump: string;
		pgTemplate: string | null;
	}
}

let cleanup: (() => Promise<void>) | undefined;

export default async function setup(project: TestProject) {
	// TEST_EMPTY_ONLY=1 skips building the seeded copies (a quicker loop for tests that only use
	// testDb({ empty: true })); testDb() without `empty` then fails.
	if (process.env.TEST_EMPTY_ONLY === '1') {
		project.provide('pgliteDump', '');
		project.provide('pgTemplate', null);
		return;
	}
	const { seedDemo } = await import('../../src/lib/server/seed');
	const dir = path.resolve('.test-cache');
	fs.mkdirSync(dir, { recursive: true });
	const dumpFile = path.join(dir, `pglite-seeded-${process.pid}.tar.gz`);

	const pgUrl = postgresUrl();
	const work: Promise<unknown>[] = [];

	work.push(
		(async () => {
			const db = await openPglite({ dataDir: 'memory://' });
			try {
				await migrate(db);
				await seedDemo(db, TEST_SEED);
				const blob = await db.pg.dumpDataDir('gzip');
				fs.writeFileSync(dumpFile, Buffer.from(await blob.arrayBuffer()));
			} finally {
				await db.close();
			}
		})()
	);

	let template: string | null = null;
	if (pgUrl) {
		template = `jiedao_tpl_${process.pid}`;
		const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
		await admin.unsafe(`DROP DATABASE IF EXISTS ${template}`);
		await admin.unsafe(`CREATE DATABASE ${template}${ownerClause()}`);
		await admin.end();
		const tplUrl = withDatabase(pgUrl, template);
		// The app role cannot create PostGIS (not a trusted extension): the superuser does, once.
		const ext = postgres(tplUrl, { max: 1, onnotice: () => {} });
		await ext.unsafe('CREATE EXTENSION IF NOT EXISTS postgis');
		await ext.end();
		work.push(
			(async () => {
				const db = await openPostgres({
					url: asAppRole(tplUrl),
					statementTimeoutMs: 600_000,
					max: 4
				});
				try {
					await migrate(db);
					// The seed writes personal data: 'system' for row-level security (as the app does).
					await seedDemo(withSystemRole(db), TEST_SEED);
				} finally {
					await db.close();
				}
			})()
		);
	}
	await Promise.all(work);

	project.provide('pgliteDump', dumpFile);
	project.provide('pgTemplate', template);

	cleanup = async () => {
		fs.rmSync(dumpFile, { force: true });
		if (pgUrl && template) {
			const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
			await admin.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
			await admin.end();
		}
	};
}

export async function teardown() {
	await cleanup?.();
}
